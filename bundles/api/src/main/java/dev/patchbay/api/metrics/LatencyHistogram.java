package dev.patchbay.api.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How long something took, as a Prometheus-style histogram at one moment: how many observations
 * fell at or below each bound (cumulative), their count and their sum.
 *
 * @param name                  metric name without unit suffixes, e.g. {@code patchbay_httpqueue_request}
 * @param help                  what is timed
 * @param labels                which part of the component (e.g. {@code route=push})
 * @param upperBoundsSeconds    bucket bounds, ascending; the implicit last bucket is +Inf
 * @param cumulativeCounts      observations at or below each bound, same length as the bounds
 * @param count                 all observations (the +Inf bucket)
 * @param sumSeconds            their total
 */
public record LatencyHistogram(String name, String help, Map<String, String> labels, List<Double> upperBoundsSeconds,
                               List<Long> cumulativeCounts, long count, double sumSeconds) {

    public LatencyHistogram {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        upperBoundsSeconds = List.copyOf(upperBoundsSeconds);
        cumulativeCounts = List.copyOf(cumulativeCounts);
        if (upperBoundsSeconds.size() != cumulativeCounts.size()) {
            throw new IllegalArgumentException("one cumulative count per bound");
        }
    }
}
