package dev.patchbay.httpqueue;

import dev.patchbay.api.metrics.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long the queue takes to answer, per route, from the complete request to the answer
 * being handed to the socket: waiting for a worker, the store and its commit.
 * Fixed buckets from 100 microseconds to 10 seconds; recording is a few uncontended adds.
 */
public final class RequestTimes {

    static final double[] BOUNDS_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10};

    /** What a request did, as far as timing goes. */
    enum Route {
        PUSH, PULL, ACK, MESSAGES, OTHER;

        static Route of(String method, String path) {
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.startsWith("/messagequeue")) {
                if (method.equals("POST")) {
                    return PUSH;
                }
                if (method.equals("GET")) {
                    return PULL;
                }
                if (method.equals("PATCH") && lower.endsWith("/ack")) {
                    return ACK;
                }
            } else if (lower.startsWith("/messages")) {
                return MESSAGES;
            }
            return OTHER;
        }
    }

    private static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BOUNDS_SECONDS.length];
        final LongAdder count = new LongAdder();
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    private final Histogram[] byRoute = new Histogram[Route.values().length];

    public RequestTimes() {
        for (int i = 0; i < byRoute.length; i++) {
            byRoute[i] = new Histogram();
        }
    }

    void record(Route route, long nanos) {
        Histogram histogram = byRoute[route.ordinal()];
        double seconds = nanos / 1e9;
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            if (seconds <= BOUNDS_SECONDS[i]) {
                histogram.buckets[i].increment();
                break;
            }
        }
        histogram.count.increment();
        histogram.sumNanos.add(nanos);
    }

    /** One histogram per route that has answered anything. */
    public List<LatencyHistogram> snapshot() {
        List<LatencyHistogram> histograms = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        for (double bound : BOUNDS_SECONDS) {
            bounds.add(bound);
        }
        for (Route route : Route.values()) {
            Histogram histogram = byRoute[route.ordinal()];
            // buckets first: a recording under way is then counted in the total if in a bucket
            List<Long> cumulative = new ArrayList<>();
            long running = 0;
            for (LongAdder bucket : histogram.buckets) {
                running += bucket.sum();
                cumulative.add(running);
            }
            long count = Math.max(running, histogram.count.sum());
            if (count == 0) {
                continue;
            }
            histograms.add(new LatencyHistogram("patchbay_httpqueue_request", "HTTP queue requests, from complete request to answer written",
                    Map.of("route", route.name().toLowerCase(Locale.ROOT)), bounds, cumulative, count,
                    histogram.sumNanos.sum() / 1e9));
        }
        return histograms;
    }
}
