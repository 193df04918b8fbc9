package dev.patchbay.metrics;

import dev.patchbay.api.metrics.LatencyHistogram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import java.util.Map;

/**
 * One measured value.
 *
 * @param name   metric name in Prometheus style ({@code patchbay_endpoint_bytes_read_total})
 * @param help   what it measures
 * @param type   {@code counter} (only grows), {@code gauge}, or {@code histogram} (one of the
 *               {@code _bucket}, {@code _sum} and {@code _count} lines of a histogram)
 * @param labels which endpoint, peer or queue it is about
 */
public record Sample(String name, String help, String type, Map<String, String> labels, double value) {

    public static Sample counter(String name, String help, Map<String, String> labels, double value) {
        return new Sample(name, help, "counter", labels, value);
    }

    public static Sample gauge(String name, String help, Map<String, String> labels, double value) {
        return new Sample(name, help, "gauge", labels, value);
    }

    /** A latency histogram as Prometheus lines: {@code <name>_seconds_bucket{le=...}}, {@code _sum}, {@code _count}. */
    public static List<Sample> histogram(LatencyHistogram histogram) {
        String base = histogram.name() + "_seconds";
        List<Sample> lines = new ArrayList<>();
        for (int i = 0; i < histogram.upperBoundsSeconds().size(); i++) {
            lines.add(new Sample(base + "_bucket", histogram.help(), "histogram",
                    withLe(histogram.labels(), Double.toString(histogram.upperBoundsSeconds().get(i))),
                    histogram.cumulativeCounts().get(i)));
        }
        lines.add(new Sample(base + "_bucket", histogram.help(), "histogram", withLe(histogram.labels(), "+Inf"), histogram.count()));
        lines.add(new Sample(base + "_sum", histogram.help(), "histogram", histogram.labels(), histogram.sumSeconds()));
        lines.add(new Sample(base + "_count", histogram.help(), "histogram", histogram.labels(), histogram.count()));
        return lines;
    }

    private static Map<String, String> withLe(Map<String, String> labels, String bound) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("le", bound);
        return all;
    }

    /** The metric family a line belongs to: its name, or the histogram's name without the line suffix. */
    public String family() {
        if (!type.equals("histogram")) {
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
