package dev.patchbay.benchmarks;

import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.transport.netty.ConnectionPolicy;
import dev.patchbay.transport.netty.NettyTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Many idle connections on one node: a snakeMQ peer listens here; a child JVM (its own file
 * descriptor budget) opens {@code --connections} connections, each identifying as a peer of
 * its own, and keeps them open. Reports the connections bound and the server JVM's heap per
 * connection (heap after GC, with the connections minus before).
 */
final class ConnectionScale {

    private ConnectionScale() {
    }

    static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("connections", "10000"));
        if (options.containsKey("help")) {
            System.out.println("connections [--connections 10000]");
            return;
        }
        int count = Integer.parseInt(options.get("connections"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // Every connection comes from 127.0.0.1: past the default limits per address and endpoint.
        try (NettyTransport transport = NettyTransport.withPolicy(2, ConnectionPolicy.UNLIMITED_CONNECTIONS)) {
            SnakeMqPeer node = SnakeMqPeer.builder("node").transport(transport).framing(new Uint32LengthFraming())
                    .maxIdentities(count + 1).build();
            int port = node.listen(new EndpointSpec("scale", "127.0.0.1", 0, null)).localAddress().getPort();
            long before = heapAfterGc(memory);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process clients = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    Clients.class.getName(), Integer.toString(port), Integer.toString(count))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.US_ASCII))) {
                String line = out.readLine(); // "open N" once every connection is made
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (node.connectedPeers().size() < count && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                long with = heapAfterGc(memory);
                int bound = node.connectedPeers().size();
                System.out.printf("connections  %s; %,d of %,d identified and bound on the node%n", line, bound, count);
                System.out.printf("connections  heap per connection: %,.0f bytes (server JVM, after GC: %,d -> %,d bytes)%n",
                        (with - before) / (double) Math.max(1, bound), before, with);
                Results.report("connections", "idle connections bound", bound, "conn");
                Results.report("connections", "heap per idle connection", (with - before) / (double) Math.max(1, bound), "bytes");
            } finally {
                clients.destroy();
                clients.waitFor(10, TimeUnit.SECONDS);
            }
            node.close();
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The child process: opens the connections, identifies each, prints "open N", then waits. */
    public static final class Clients {
        public static void main(String[] args) throws Exception {
            int port = Integer.parseInt(args[0]);
            int count = Integer.parseInt(args[1]);
            List<SocketChannel> open = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                byte[] identity = ("client-" + i).getBytes(StandardCharsets.US_ASCII);
                ByteBuffer handshake = ByteBuffer.allocate(9 + 5 + identity.length);
                handshake.putInt(5).put((byte) 0).putInt(1).putInt(1 + identity.length).put((byte) 2).put(identity).flip();
                while (handshake.hasRemaining()) {
                    channel.write(handshake);
                }
                open.add(channel);
            }
            System.out.println("open " + open.size());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
