package dev.patchbay.support;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Bounds metric series whose label values come from the network (destinations, rooms, queues):
 * a series per name would let any peer grow the exposition, and every scraper's memory, without
 * bound, so only the largest few get one.
 */
public final class MetricLabels {

    /** How many labelled series a family gets at most. */
    public static final int MAX_LABELLED = 100;

    private MetricLabels() {
    }

    /** The keys of the {@link #MAX_LABELLED} largest values, largest first. */
    public static <K, V> List<K> largest(Map<K, V> values, ToLongFunction<V> size) {
        return values.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<K, V> e) -> size.applyAsLong(e.getValue())).reversed())
                .limit(MAX_LABELLED)
                .map(Map.Entry::getKey)
                .toList();
    }
}
