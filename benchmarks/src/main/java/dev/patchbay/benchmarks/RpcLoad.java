package dev.patchbay.benchmarks;

import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.rpc.SnakeMqRpc;
import dev.patchbay.rpc.codec.RpcCodec;
import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.transport.netty.NettyTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RPC calls between two peers in this process over loopback, Java to Java: a client calls
 * {@code calc.add(a, b)} on a server. First sequentially from one thread (calls/s and the round
 * trip's percentiles), then from {@code --threads} threads at once.
 */
final class RpcLoad {

    private RpcLoad() {
    }

    /** The remote object. */
    public static final class Calculator {
        public long add(long a, long b) {
            return a + b;
        }
    }

    static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of(
                "codec", "pickle", "seconds", "10", "warmup", "3", "threads", "16", "io-threads", "2"));
        if (options.containsKey("help")) {
            System.out.println("rpc [--codec pickle|json] [--seconds 10] [--warmup 3] [--threads 16] [--io-threads 2]");
            return;
        }
        RpcCodec codec = RpcCodec.valueOf(options.get("codec").toUpperCase(Locale.ROOT));
        int seconds = Integer.parseInt(options.get("seconds"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int threads = Integer.parseInt(options.get("threads"));
        try (NettyTransport transport = new NettyTransport(Integer.parseInt(options.get("io-threads")), null)) {
            SnakeMqPeer serverPeer = SnakeMqPeer.builder("server").transport(transport).framing(new Uint32LengthFraming()).build();
            int port = serverPeer.listen(new EndpointSpec("rpc-bench", "127.0.0.1", 0, null)).localAddress().getPort();
            SnakeMqRpc server = SnakeMqRpc.builder(serverPeer).build();
            // add() never blocks, so it may run on the I/O thread (see SnakeMqRpc.register)
            server.register("calc", new Calculator(), false);
            SnakeMqPeer clientPeer = SnakeMqPeer.builder("client").transport(transport).framing(new Uint32LengthFraming()).build();
            SnakeMqRpc client = SnakeMqRpc.builder(clientPeer).codec(codec).defaultTimeout(Duration.ofSeconds(10)).build();
            CountDownLatch connected = new CountDownLatch(1);
            clientPeer.addListener(new PeerListener() {
                @Override
                public void connected(PeerConnection connection) {
                    connected.countDown();
                }
            });
            clientPeer.connect(new ConnectSpec("rpc-bench", "127.0.0.1", port, null, Duration.ofSeconds(5)), Duration.ofSeconds(1));
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the peers did not connect");
            }
            System.out.printf("rpc  %s codec, Java to Java, calc.add(a, b)%n", codec.name().toLowerCase(Locale.ROOT));

            run(client, 1, warmup);
            Result sequential = run(client, 1, seconds);
            System.out.printf("rpc  sequential: %,.0f calls/s  p50 %.0f us  p99 %.0f us  p99.9 %.0f us%n",
                    sequential.perSecond, sequential.p50, sequential.p99, sequential.p999);
            String label = codec.name().toLowerCase(Locale.ROOT);
            Results.report("rpc", label + " sequential", sequential.perSecond, "calls/s");
            Results.report("rpc", label + " sequential p50", sequential.p50, "us");
            Results.report("rpc", label + " sequential p99", sequential.p99, "us");
            run(client, threads, warmup);
            Result concurrent = run(client, threads, seconds);
            System.out.printf("rpc  %d threads: %,.0f calls/s  p50 %.0f us  p99 %.0f us%n",
                    threads, concurrent.perSecond, concurrent.p50, concurrent.p99);

            Results.report("rpc", label + " " + threads + " threads", concurrent.perSecond, "calls/s");
            client.close();
            server.close();
            clientPeer.close();
            serverPeer.close();
        }
    }

    private record Result(double perSecond, double p50, double p99, double p999) {
    }

    private static Result run(SnakeMqRpc client, int threads, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        AtomicLong wrong = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            Thread worker = new Thread(() -> {
                long i = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    Object sum = client.call("server", "calc", "add", i, 1);
                    recorder.record(System.nanoTime() - start);
                    if (((Number) sum).longValue() != i + 1) {
                        wrong.incrementAndGet();
                    }
                    i++;
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (wrong.get() > 0) {
            throw new IllegalStateException(wrong.get() + " wrong results");
        }
        long[] latencies = LatencyRecorder.merged(recorders);
        return new Result(latencies.length / (double) seconds, LatencyRecorder.percentileMicros(latencies, 50),
                LatencyRecorder.percentileMicros(latencies, 99), LatencyRecorder.percentileMicros(latencies, 99.9));
    }
}
