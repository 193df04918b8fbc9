package dev.patchbay.benchmarks;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The headline figures the benchmarks report, for the one table that {@code all} prints. A
 * benchmark that runs several rounds reports each; the last one (the warmest) wins.
 */
final class Results {

    record Row(String benchmark, String measure, double value, String unit) {
    }

    private static final List<Row> ROWS = new CopyOnWriteArrayList<>();

    private Results() {
    }

    static void report(String benchmark, String measure, double value, String unit) {
        ROWS.removeIf(row -> row.benchmark().equals(benchmark) && row.measure().equals(measure));
        ROWS.add(new Row(benchmark, measure, value, unit));
    }

    static String table() {
        int benchmarkWidth = Math.max("BENCHMARK".length(), ROWS.stream().mapToInt(r -> r.benchmark().length()).max().orElse(0));
        int measureWidth = Math.max("MEASURE".length(), ROWS.stream().mapToInt(r -> r.measure().length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        String format = "%-" + benchmarkWidth + "s  %-" + measureWidth + "s  %,14.0f %s%n";
        out.append(String.format("%-" + benchmarkWidth + "s  %-" + measureWidth + "s  %14s%n", "BENCHMARK", "MEASURE", "VALUE"));
        for (Row row : ROWS) {
            out.append(String.format(format, row.benchmark(), row.measure(), row.value(), row.unit()));
        }
        return out.toString();
    }
}
