package dev.patchbay.api.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * One counter or gauge as a component reports it, for {@link MetricSource}.
 *
 * @param name   Prometheus-style name, {@code patchbay_<component>_<what>[_total]}
 * @param help   one line saying what it counts
 * @param type   counter (only grows) or gauge (goes up and down)
 * @param labels label values; keep their values bounded (never one per remote name)
 * @param value  the value now
 */
public record MetricValue(String name, String help, Type type, Map<String, String> labels, double value) {

    public enum Type { COUNTER, GAUGE }

    public MetricValue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(type, "type");
        labels = Map.copyOf(labels);
    }

    public static MetricValue counter(String name, String help, Map<String, String> labels, double value) {
        return new MetricValue(name, help, Type.COUNTER, labels, value);
    }

    public static MetricValue gauge(String name, String help, Map<String, String> labels, double value) {
        return new MetricValue(name, help, Type.GAUGE, labels, value);
    }
}
