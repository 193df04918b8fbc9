package dev.patchbay.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the benchmark jar: {@code java -jar patchbay-benchmarks.jar <name> [options]}.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        // Before any logger exists: the node's INFO lines (one per connection) would bury the
        // figures. -Dorg.slf4j.simpleLogger.defaultLogLevel=info brings them back.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        String name = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (name) {
            case "tpp" -> TppLoad.main(rest);
            case "snakemq" -> SnakeMqLoad.main(rest);
            case "rpc" -> RpcLoad.main(rest);
            case "nucos" -> NucosLoad.main(rest);
            case "httpqueue" -> HttpQueueLoad.main(rest);
            case "connections" -> ConnectionScale.main(rest);
            case "abuse" -> AbuseLoad.main(rest);
            case "all" -> all();
            default -> {
                System.out.println("usage: java -jar patchbay-benchmarks.jar <benchmark> [options]");
                System.out.println("  tpp      TPP requests/second, one connection per request (options: --help)");
                System.out.println("  snakemq  snakeMQ peer-to-peer messages/second, transient and persistent (options: --help)");
                System.out.println("  rpc      snakeMQ RPC calls/second, sequential and concurrent, with latency (options: --help)");
                System.out.println("  nucos    nucosMQ client->server msg/s and room fan-out deliveries/s (options: --help)");
                System.out.println("  httpqueue  HTTP queue push/s and pull+ack/s with 4 keep-alive clients, SQLite or PostgreSQL (options: --help)");
                System.out.println("  connections  10,000 idle snakeMQ connections on one node, heap per connection (options: --help)");
                System.out.println("  abuse    the attacks of issue 14 at full scale, each while a client is served: served?, p99 (options: --help)");
                System.out.println("  all      every benchmark above with shorter runs, a progress line each, then one table of the figures (~4 minutes)");
                System.exit(name.equals("help") ? 0 : 2);
            }
        }
    }

    /** One benchmark run of {@code all}: its name, what it measures, and its arguments. */
    private record Run(String title, BenchmarkMain main, String... args) {
    }

    @FunctionalInterface
    private interface BenchmarkMain {
        void run(String[] args) throws Exception;
    }

    /** Every benchmark, shorter than its defaults, then one table for comparing releases. */
    private static void all() throws Exception {
        List<Run> runs = List.of(
                new Run("tpp", TppLoad::main, "--seconds", "5", "--warmup", "2"),
                new Run("snakemq transient 128 B", SnakeMqLoad::main, "--mode", "transient", "--size", "128", "--messages", "2000000"),
                new Run("snakemq transient 1 KiB", SnakeMqLoad::main, "--mode", "transient", "--size", "1024", "--messages", "2000000"),
                new Run("snakemq persistent 128 B", SnakeMqLoad::main, "--mode", "persistent", "--size", "128", "--messages", "200000"),
                new Run("snakemq persistent 1 KiB", SnakeMqLoad::main, "--mode", "persistent", "--size", "1024", "--messages", "200000"),
                new Run("rpc pickle", RpcLoad::main, "--codec", "pickle", "--seconds", "5", "--warmup", "2"),
                new Run("nucos send", NucosLoad::main, "--mode", "send", "--messages", "1000000", "--rounds", "2"),
                new Run("nucos fan-out to 10", NucosLoad::main, "--mode", "fanout", "--subscribers", "10", "--rounds", "2"),
                new Run("nucos fan-out to 100", NucosLoad::main, "--mode", "fanout", "--subscribers", "100", "--rounds", "2"),
                new Run("httpqueue", HttpQueueLoad::main, "--messages", "20000", "--rounds", "1"),
                new Run("connections", ConnectionScale::main, "--connections", "10000"),
                new Run("abuse", AbuseLoad::main, "--seconds", "3"));
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            System.out.printf("%n== [%d/%d] %s%n", i + 1, runs.size(), run.title());
            run.main().run(run.args());
        }
        System.out.println();
        System.out.print(Results.table());
    }
}
