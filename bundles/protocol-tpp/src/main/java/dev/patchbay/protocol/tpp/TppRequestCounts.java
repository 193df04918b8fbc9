package dev.patchbay.protocol.tpp;

import dev.patchbay.api.metrics.MetricValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests answered, by action and reply code. Action labels are registered action names only
 * (an unknown action is {@link #UNKNOWN}, a request refused before its action was looked at is
 * {@link #NONE}), so clients cannot add series by inventing names.
 */
public final class TppRequestCounts {

    /** A request refused before its action mattered: bad frame, bad data, no or bad token, busy. */
    public static final String NONE = "(none)";
    /** A request naming an action nobody registered. */
    public static final String UNKNOWN = "(unknown)";

    private record Key(String action, int code) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String action, int code) {
        counts.computeIfAbsent(new Key(action, code), key -> new LongAdder()).increment();
    }

    /** How many requests of {@code action} were answered with {@code code}. */
    public long answered(String action, int code) {
        LongAdder adder = counts.get(new Key(action, code));
        return adder == null ? 0 : adder.sum();
    }

    public List<MetricValue> metrics(String endpoint) {
        List<MetricValue> values = new ArrayList<>();
        counts.forEach((key, count) -> values.add(MetricValue.counter("patchbay_tpp_requests_total",
                "Requests answered, by action and reply code", Map.of("endpoint", endpoint, "action", key.action(),
                        "code", Integer.toString(key.code())), count.sum())));
        return values;
    }
}
