package dev.patchbay.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders samples in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String render(List<Sample> samples) {
        Map<String, List<Sample>> byName = new LinkedHashMap<>();
        for (Sample sample : samples) {
            byName.computeIfAbsent(sample.family(), n -> new ArrayList<>()).add(sample);
        }
        StringBuilder out = new StringBuilder();
        byName.forEach((name, family) -> {
            out.append("# HELP ").append(name).append(' ').append(family.get(0).help()).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.get(0).type()).append('\n');
            for (Sample sample : family) {
                out.append(sample.name());
                if (!sample.labels().isEmpty()) {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> label : sortedLeLast(sample.labels())) {
                        out.append(first ? "" : ",").append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
                        first = false;
                    }
                    out.append('}');
                }
                out.append(' ').append(format(sample.value())).append('\n');
            }
        });
        return out.toString();
    }

    /** Labels by name, {@code le} last as Prometheus clients print it. */
    private static List<Map.Entry<String, String>> sortedLeLast(Map<String, String> labels) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(new TreeMap<>(labels).entrySet());
        sorted.sort((a, b) -> Boolean.compare(a.getKey().equals("le"), b.getKey().equals("le")));
        return sorted;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
