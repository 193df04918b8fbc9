package dev.patchbay.metrics;

import java.util.Map;

/**
 * One measured value.
 *
 * @param name   metric name in Prometheus style ({@code patchbay_endpoint_bytes_read_total})
 * @param help   what it measures
 * @param type   {@code counter} (only grows) or {@code gauge}
 * @param labels which endpoint, peer or queue it is about
 */
public record Sample(String name, String help, String type, Map<String, String> labels, double value) {

    public static Sample counter(String name, String help, Map<String, String> labels, double value) {
        return new Sample(name, help, "counter", labels, value);
    }

    public static Sample gauge(String name, String help, Map<String, String> labels, double value) {
        return new Sample(name, help, "gauge", labels, value);
    }
}
