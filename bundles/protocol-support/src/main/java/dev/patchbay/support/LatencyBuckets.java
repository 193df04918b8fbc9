package dev.patchbay.support;

import dev.patchbay.api.metrics.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram being recorded: fixed buckets from 100 microseconds to 10 seconds, so that
 * recording is a few uncontended adds and snapshots of every component line up in Prometheus.
 */
public final class LatencyBuckets {

    /** Upper bounds of the buckets, in seconds (the +Inf bucket is implicit). */
    public static final List<Double> BOUNDS_SECONDS = List.of(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private final LongAdder[] buckets = new LongAdder[BOUNDS_SECONDS.size()];
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    public LatencyBuckets() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < buckets.length; i++) {
            if (seconds <= BOUNDS_SECONDS.get(i)) {
                buckets[i].increment();
                break;
            }
        }
        count.increment();
        sumNanos.add(nanos);
    }

    /** The histogram now, or {@code null} if nothing was recorded yet. */
    public LatencyHistogram snapshot(String name, String help, Map<String, String> labels) {
        // buckets first: a recording under way is then counted in the total if it is in a bucket
        List<Long> cumulative = new ArrayList<>(buckets.length);
        long running = 0;
        for (LongAdder bucket : buckets) {
            running += bucket.sum();
            cumulative.add(running);
        }
        long total = Math.max(running, count.sum());
        if (total == 0) {
            return null;
        }
        return new LatencyHistogram(name, help, labels, BOUNDS_SECONDS, cumulative, total, sumNanos.sum() / 1e9);
    }
}
