package dev.patchbay.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.auth.challenge.HmacChallengeAuthenticator;
import dev.patchbay.auth.token.TokenAuthenticator;
import dev.patchbay.broker.RoomBroker;
import dev.patchbay.client.queue.HttpQueueClient;
import dev.patchbay.client.queue.QueuePayload;
import dev.patchbay.framing.EomDelimiterFraming;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.httpqueue.HttpQueueServer;
import dev.patchbay.httpqueue.HttpQueueService;
import dev.patchbay.httpqueue.StoreSwitch;
import dev.patchbay.nucos.ChallengeSigners;
import dev.patchbay.nucos.NucosClient;
import dev.patchbay.nucos.NucosServer;
import dev.patchbay.nucos.wire.NucosCodec;
import dev.patchbay.rpc.SnakeMqRpc;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import dev.patchbay.storage.sqlite.SqliteMessageStore;
import dev.patchbay.storage.sqlite.SqliteQueueStore;
import dev.patchbay.transport.netty.ConnectionPolicy;
import dev.patchbay.transport.netty.NettyTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The attacks of issue 14 at full scale against one node (every protocol on one transport with
 * the default connection policy, SQLite, bcrypt tokens, HMAC logins), each while a well-behaved
 * HTTP queue client pushes one message after another. For each attack: whether that client
 * kept being served, how many of its requests were answered and their p99, and the server's
 * heap after GC before and after. Attackers come from 127.0.0.2, the client from 127.0.0.1.
 */
final class AbuseLoad {

    private static final String TOKEN = "patchbay-dev-token";
    private static final String TOKEN_HASH = "$2b$10$Q7pWm0xYc1bL9sT2vR5nEeZcxhWlgTA0Fr7lWkIDnT9aPhzugeRJG";
    private static final String ATTACKER = "127.0.0.2";

    /** Attacks to run; a list holding only "" runs them all. */
    private static List<String> only = List.of("");

    private AbuseLoad() {
    }

    /** One attack: runs until it is done or {@code stop} is set; returns what it observed. */
    @FunctionalInterface
    private interface Attack {
        String run(AtomicBoolean stop) throws Exception;
    }

    private record Node(Endpoint snakemqEndpoint, Endpoint nucosOpenEndpoint, Endpoint nucosLoginEndpoint,
                        Endpoint httpEndpoint, SnakeMqPeer peer, NucosServer loginServer) {
        int snakemq() {
            return port(snakemqEndpoint);
        }

        int nucosOpen() {
            return port(nucosOpenEndpoint);
        }

        int nucosLogin() {
            return port(nucosLoginEndpoint);
        }

        int http() {
            return port(httpEndpoint);
        }
    }

    static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("seconds", "10", "scale", "1", "only", ""));
        if (options.containsKey("help")) {
            System.out.println("abuse [--seconds 10 (per attack)] [--scale 1 (multiplies every attack's size)]"
                    + " [--only name,name (attacks to run; default all)]");
            return;
        }
        only = List.of(options.get("only").split(","));
        int seconds = Integer.parseInt(options.get("seconds"));
        double scale = Double.parseDouble(options.get("scale"));
        JdbcQueueStore store = SqliteQueueStore.open(Files.createTempDirectory("patchbay-abuse-").resolve("queue.db"),
                SqliteMessageStore.Durability.NORMAL);
        StoreSwitch stores = new StoreSwitch();
        stores.use(store);
        TokenAuthenticator tokens = new TokenAuthenticator(List.of(TOKEN_HASH));
        Map<String, byte[]> users = Map.of("alice", "alice-secret".getBytes(UTF_8));
        try (NettyTransport transport = NettyTransport.withPolicy(0, ConnectionPolicy.DEFAULT);
             HttpQueueServer http = new HttpQueueServer(transport, stores, () -> tokens, HttpQueueService.Settings.DEFAULTS,
                     16, Duration.ofMinutes(5), 5, Duration.ofSeconds(60))) {
            SnakeMqPeer peer = SnakeMqPeer.builder("node").transport(transport).framing(new Uint32LengthFraming()).build();
            SnakeMqRpc rpc = SnakeMqRpc.builder(peer).build();
            rpc.register("calc", new Object() {
                public int add(int a, int b) {
                    return a + b;
                }
            });
            NucosServer open = NucosServer.builder().transport(transport).framing(new EomDelimiterFraming())
                    .broker(new RoomBroker()).authenticationRequired(false).build();
            NucosServer login = NucosServer.builder().transport(transport).framing(new EomDelimiterFraming())
                    .broker(new RoomBroker()).authenticator(new HmacChallengeAuthenticator(users, new SecureRandom())).build();
            Node node = new Node(peer.listen(spec("snakemq")), open.listen(spec("nucos-open")),
                    login.listen(spec("nucos-login")), http.listen(spec("http-queue")), peer, login);
            HttpQueueClient probe = new HttpQueueClient(URI.create("http://127.0.0.1:" + node.http()), "af123", TOKEN,
                    Duration.ofSeconds(10));
            probe.push("bf456", QueuePayload.text("warm-up")); // the token's one bcrypt check
            System.out.printf("abuse  %d s per attack, scale %.1f; probe: HTTP queue push, one at a time, valid token%n",
                    seconds, scale);
            System.out.printf("%-22s %-7s %8s %9s %9s  %s%n", "ATTACK", "SERVED", "ANSWERS", "P99 ms", "HEAP MB", "OBSERVED");
            attack("none (baseline)", seconds, probe, stop -> "");
            attack("snakemq-ping-flood", seconds, probe, stop -> pingFlood(node.snakemqEndpoint(), (long) (12e6 * scale), stop));
            attack("nucos-ping-flood", seconds, probe, stop -> nucosPingFlood(node.nucosOpenEndpoint(), (long) (40e6 * scale), stop));
            attack("http-pipeline-flood", seconds, probe, stop -> httpFlood(node.httpEndpoint(), 4, stop));
            attack("pickle-bombs", seconds, probe, stop -> pickleBombs(node.snakemq(), 4));
            attack("silent-snakemq", seconds, probe, stop -> silentConnections(node.snakemq(), (int) (2000 * scale), stop));
            attack("identity-churn", seconds, probe, stop -> identityChurn(node, (int) (150_000 * scale)));
            attack("wrong-tokens", seconds, probe, stop -> wrongTokens(node.http(), 64, stop));
            attack("silent-nucos-logins", seconds, probe, stop -> silentLogins(transport, node, (int) (1000 * scale), stop));
            attack("nucos-room-flood", seconds, probe, stop -> roomFlood(node.nucosOpen(), (int) (200_000 * scale), open));
            open.close();
            login.close();
            rpc.close();
            peer.close();
        } finally {
            store.close();
        }
    }

    private static EndpointSpec spec(String name) {
        return new EndpointSpec(name, "127.0.0.1", 0, null);
    }

    private static int port(Endpoint endpoint) {
        return endpoint.localAddress().getPort();
    }

    /** Runs {@code attack} on its own thread while the probe pushes; prints one line. */
    private static void attack(String name, int seconds, HttpQueueClient probe, Attack attack) throws Exception {
        if (!only.equals(List.of("")) && !only.contains(name) && !name.startsWith("none")) {
            return;
        }
        long heapBefore = heapAfterGc();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService attacker = Executors.newSingleThreadExecutor();
        Future<String> observed = attacker.submit(() -> attack.run(stop));
        LatencyRecorder latencies = new LatencyRecorder();
        int failures = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            try {
                probe.push("bf456", QueuePayload.text("probe"));
                latencies.record(System.nanoTime() - start);
            } catch (RuntimeException e) {
                failures++;
            }
        }
        long heapDuring = heapAfterGc();
        stop.set(true);
        String what;
        try {
            what = observed.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            what = "attack failed: " + e.getCause();
        }
        attacker.shutdownNow();
        long[] sorted = LatencyRecorder.merged(List.of(latencies));
        boolean served = failures == 0 && latencies.count() > 0;
        double p99 = LatencyRecorder.percentileMicros(sorted, 99) / 1000.0;
        System.out.printf("%-22s %-7s %8d %9.1f %4d->%-4d  %s%n", name, served ? "yes" : "NO", latencies.count(), p99,
                heapBefore >> 20, heapDuring >> 20, what);
        Results.report("abuse " + name, "probe p99", p99 * 1000, "us");
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Socket attackerSocket(int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(ATTACKER), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setReceiveBufferSize(4096);
        return socket;
    }

    /** What a flood did: bytes the attacker wrote (kernel buffers included), the node read and queued. */
    private record Flood(long written, long read, long mostQueued) {
        String describe(String what, long offered) {
            return String.format("%,d of %,d bytes of %s written; the node read %,d and queued at most %,d bytes for the flooders",
                    written, offered, what, read, mostQueued);
        }
    }

    /**
     * Writes {@code chunk} until {@code bytes} are out or stop, and samples what the node queues
     * for its endpoint's peers meanwhile.
     */
    private static long flood(Socket socket, byte[] chunk, long bytes, AtomicBoolean stop, Endpoint endpoint, long[] mostQueued) {
        long sent = 0;
        Thread watchdog = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (mostQueued) {
                    mostQueued[0] = Math.max(mostQueued[0], endpoint.stats().queuedOutboundBytes());
                }
            }
            try {
                socket.close(); // unblocks a write the server no longer reads
            } catch (IOException ignored) {
                // closing anyway
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (OutputStream out = socket.getOutputStream()) {
            while (sent < bytes && !stop.get()) {
                out.write(chunk);
                sent += chunk.length;
            }
        } catch (IOException closed) {
            // closed by the watchdog or the server
        } finally {
            watchdog.interrupt();
        }
        return sent;
    }

    private static String pingFlood(Endpoint endpoint, long bytes, AtomicBoolean stop) throws IOException {
        Socket socket = attackerSocket(port(endpoint));
        long readBefore = endpoint.stats().bytesRead();
        long[] mostQueued = {0};
        byte[] identify = hex("000000050000000001" + String.format("%08x", 8) + "02" + hexOf("flooder".getBytes(US_ASCII)));
        socket.getOutputStream().write(identify);
        byte[] pings = hex("0000000104".repeat(64 * 1024 / 5));
        long sent = flood(socket, pings, bytes, stop, endpoint, mostQueued);
        return new Flood(sent, endpoint.stats().bytesRead() - readBefore, mostQueued[0]).describe("PINGs", bytes);
    }

    private static String nucosPingFlood(Endpoint endpoint, long bytes, AtomicBoolean stop) throws IOException {
        Socket socket = attackerSocket(port(endpoint));
        long readBefore = endpoint.stats().bytesRead();
        long[] mostQueued = {0};
        byte[] ping = NucosCodec.encode("ping", 1);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        while (chunk.size() < 64 * 1024) {
            chunk.writeBytes(ping);
            chunk.writeBytes("_EOM_".getBytes(US_ASCII));
        }
        long sent = flood(socket, chunk.toByteArray(), bytes, stop, endpoint, mostQueued);
        return new Flood(sent, endpoint.stats().bytesRead() - readBefore, mostQueued[0]).describe("pings", bytes);
    }

    private static String httpFlood(Endpoint endpoint, int connections, AtomicBoolean stop) throws Exception {
        long readBefore = endpoint.stats().bytesRead();
        long[] mostQueued = {0};
        byte[] request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        while (chunk.size() < 64 * 1024) {
            chunk.writeBytes(request);
        }
        List<Callable<Long>> floods = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket socket = attackerSocket(port(endpoint));
            floods.add(() -> flood(socket, chunk.toByteArray(), Long.MAX_VALUE, stop, endpoint, mostQueued));
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long sent = 0;
        for (Future<Long> done : pool.invokeAll(floods)) {
            sent += done.get();
        }
        pool.shutdown();
        return connections + " connections reading nothing: "
                + new Flood(sent, endpoint.stats().bytesRead() - readBefore, mostQueued[0]).describe("pipelined GET /", sent);
    }

    private static String pickleBombs(int port, int count) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = attackerSocket(port);
            byte[] identity = ("bomber-" + i).getBytes(US_ASCII);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(hex("000000050000000001" + String.format("%08x", identity.length + 1) + "02" + hexOf(identity)));
            byte[] bomb = pickleBomb();
            int length = 1 + 16 + 4 + 4 + bomb.length;
            out.writeBytes(hex(String.format("%08x", length) + "03" + "00".repeat(15) + String.format("%02x", i)
                    + "ffffffff" + "00000000"));
            out.writeBytes(bomb);
            socket.getOutputStream().write(out.toByteArray());
            sockets.add(socket);
        }
        Thread.sleep(1000);
        for (Socket socket : sockets) {
            socket.close();
        }
        return count + " RPC requests of " + pickleBomb().length + " bytes whose dict key unfolds into 2^64 lists";
    }

    /** "rpcreq" + {L64: 1}, where L0 = [] and L(n) = [L(n-1), L(n-1)] (the 684-byte bomb). */
    static byte[] pickleBomb() {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.writeBytes("rpcreq".getBytes(US_ASCII));
        bomb.writeBytes(new byte[] {(byte) 0x80, 2, '}', ']', 'q', 0});
        for (int level = 1; level <= 64; level++) {
            bomb.writeBytes(new byte[] {'0', ']', '(', 'h', (byte) (level - 1), 'h', (byte) (level - 1), 'e', 'q', (byte) level});
        }
        bomb.writeBytes(new byte[] {'K', 1, 's', '.'});
        return bomb.toByteArray();
    }

    private static String silentConnections(int port, int count, AtomicBoolean stop) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count && !stop.get(); i++) {
                try {
                    sockets.add(attackerSocket(port));
                } catch (IOException refused) {
                    // the backlog was full; the next one may get in
                }
            }
            Thread.sleep(6000); // past the identification timeout
            int open = 0;
            for (Socket socket : sockets) {
                if (stillOpen(socket)) {
                    open++;
                }
            }
            return String.format("%,d silent connections: %,d still open after 6 s", count, open);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Whether the server still holds {@code socket} open (its handshake bytes are skipped). */
    private static boolean stillOpen(Socket socket) {
        try {
            java.io.InputStream in = socket.getInputStream();
            socket.setSoTimeout(10);
            while (in.available() > 0) {
                in.skip(in.available());
            }
            return in.read() >= 0;
        } catch (java.net.SocketTimeoutException silentButOpen) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    private static String identityChurn(Node node, int calls) throws Exception {
        NettyTransport clientTransport = new NettyTransport(1, null);
        try {
            for (int i = 0; i < 3; i++) {
                SnakeMqPeer caller = SnakeMqPeer.builder("churn-" + i).transport(clientTransport)
                        .framing(new Uint32LengthFraming()).build();
                SnakeMqRpc client = SnakeMqRpc.builder(caller).defaultTimeout(Duration.ofSeconds(1)).build();
                java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
                caller.addListener(new dev.patchbay.api.peer.PeerListener() {
                    @Override
                    public void connected(dev.patchbay.api.peer.PeerConnection connection) {
                        connected.countDown();
                    }
                });
                caller.connect(new ConnectSpec("churn", "127.0.0.1", node.snakemq(), null, Duration.ofSeconds(5)), Duration.ofSeconds(1));
                connected.await(10, TimeUnit.SECONDS);
                byte[] request = dev.patchbay.rpc.codec.RpcCodec.PICKLE.encode(new dev.patchbay.rpc.codec.RpcRequest("call",
                        "calc", "add", List.of(40, 2), Map.of(), new byte[] {1, 2, 3, 4}));
                for (int c = 0; c < calls; c++) {
                    try {
                        caller.send("node", dev.patchbay.api.peer.PeerMessage.of(request));
                    } catch (RuntimeException full) {
                        break;
                    }
                }
                client.close();
                caller.close();
            }
            Thread.sleep(3000);
            return String.format("3 identities x %,d calls, then gone: %,d replies still queued, %d identities known",
                    calls, node.peer().queueDepths().values().stream().mapToInt(Integer::intValue).sum(),
                    node.peer().knownIdentities());
        } finally {
            clientTransport.close();
        }
    }

    private static String wrongTokens(int port, int connections, AtomicBoolean stop) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<Integer>> answered = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            int client = i;
            answered.add(pool.submit(() -> {
                int count = 0;
                while (!stop.get()) {
                    try (Socket socket = attackerSocket(port)) {
                        socket.setSoTimeout(10_000);
                        socket.getOutputStream().write(("GET /messageQueue HTTP/1.1\r\nHost: x\r\nAuthorization: wrong-" + client
                                + "-" + count + "\r\nScirocco-Node-Source: af123\r\nConnection: close\r\n\r\n").getBytes(US_ASCII));
                        socket.getInputStream().readAllBytes();
                        count++;
                    } catch (IOException refused) {
                        Thread.sleep(10);
                    }
                }
                return count;
            }));
        }
        int total = 0;
        for (Future<Integer> done : answered) {
            total += done.get();
        }
        pool.shutdown();
        return String.format("%d connections: %,d wrong-token requests answered 403", connections, total);
    }

    private static String silentLogins(NettyTransport transport, Node node, int count, AtomicBoolean stop) throws Exception {
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                try {
                    silent.add(attackerSocket(node.nucosLogin()));
                } catch (IOException refused) {
                    // counted by the transport
                }
            }
            int loggedIn = 0;
            for (int i = 0; i < 19; i++) {
                NucosClient real = NucosClient.builder().transport(transport).framing(new EomDelimiterFraming())
                        .login("alice", ChallengeSigners.hmacSha256("alice", "alice-secret".getBytes(UTF_8))).build();
                try {
                    real.connect(new ConnectSpec("real", "127.0.0.1", node.nucosLogin(), null, Duration.ofSeconds(5)))
                            .toCompletableFuture().get(10, TimeUnit.SECONDS);
                    loggedIn++;
                } catch (Exception refused) {
                    // counted as a failed login
                } finally {
                    real.close();
                }
            }
            return String.format("%,d silent connections from one address; %d of 19 real logins succeeded", count, loggedIn);
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    private static String roomFlood(int port, int rooms, NucosServer server) throws Exception {
        try (Socket socket = attackerSocket(port)) {
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            for (int i = 0; i < rooms; i++) {
                chunk.writeBytes(NucosCodec.encode("subscripe", "room-" + i));
                chunk.writeBytes("_EOM_".getBytes(US_ASCII));
                if (chunk.size() > 64 * 1024) {
                    out.write(chunk.toByteArray());
                    chunk.reset();
                }
            }
            out.write(chunk.toByteArray());
            out.flush();
            Thread.sleep(2000);
            return String.format("%,d joins asked by one connection: %,d rooms exist, %,d joins refused", rooms,
                    server.broker().rooms().size(), server.stats().refusedJoins());
        }
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static String hexOf(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
