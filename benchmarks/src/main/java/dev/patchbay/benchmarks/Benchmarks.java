package dev.patchbay.benchmarks;

import java.util.Arrays;

/**
 * Entry point of the benchmark jar: {@code java -jar patchbay-benchmarks.jar <name> [options]}.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
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
                System.out.println("  all      every benchmark above with shorter runs, then one table of the figures (~2 minutes)");
                System.exit(name.equals("help") ? 0 : 2);
            }
        }
    }

    /** Every benchmark, shorter than its defaults, then one table for comparing releases. */
    private static void all() throws Exception {
        TppLoad.main(new String[] {"--seconds", "5", "--warmup", "2"});
        SnakeMqLoad.main(new String[] {"--mode", "transient", "--size", "128", "--messages", "2000000"});
        SnakeMqLoad.main(new String[] {"--mode", "transient", "--size", "1024", "--messages", "2000000"});
        SnakeMqLoad.main(new String[] {"--mode", "persistent", "--size", "128", "--messages", "200000"});
        SnakeMqLoad.main(new String[] {"--mode", "persistent", "--size", "1024", "--messages", "200000"});
        RpcLoad.main(new String[] {"--codec", "pickle", "--seconds", "5", "--warmup", "2"});
        NucosLoad.main(new String[] {"--mode", "send", "--messages", "1000000", "--rounds", "2"});
        NucosLoad.main(new String[] {"--mode", "fanout", "--subscribers", "10", "--rounds", "2"});
        NucosLoad.main(new String[] {"--mode", "fanout", "--subscribers", "100", "--rounds", "2"});
        HttpQueueLoad.main(new String[] {"--messages", "20000", "--rounds", "1"});
        ConnectionScale.main(new String[] {"--connections", "10000"});
        AbuseLoad.main(new String[] {"--seconds", "3"});
        System.out.println();
        System.out.print(Results.table());
    }
}
