package dev.patchbay.rpc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.rpc.codec.RpcCodec;
import dev.patchbay.rpc.codec.RpcReply;
import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.transport.netty.NettyTransport;
import io.netty.buffer.ByteBufUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** A client peer calling a server peer over real sockets. */
public class SnakeMqRpcTest {

    /** What the remote object offers, as a Java client sees it. */
    public interface Calculator {
        long add(long a, long b);

        double divide(double a, double b);

        List<Object> pair(String left, String right);
    }

    /** The remote object. */
    public static final class CalculatorService {
        final AtomicInteger slowRuns = new AtomicInteger();
        final CountDownLatch signalled = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);

        public long add(long a, long b) {
            return a + b;
        }

        public double divide(double a, double b) {
            if (b == 0) {
                throw new IllegalArgumentException("division by zero");
            }
            return a / b;
        }

        public List<Object> pair(String left, String right) {
            return List.of(left, right);
        }

        public String slow() throws InterruptedException {
            slowRuns.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return "done";
        }

        public void ping(String text, int count) {
            signalled.countDown();
        }
    }

    private NettyTransport transport;
    private SnakeMqPeer serverPeer;
    private SnakeMqPeer clientPeer;
    private SnakeMqRpc server;
    private SnakeMqRpc client;
    private final CalculatorService calculator = new CalculatorService();
    private int port;

    @Before
    public void start() throws Exception {
        transport = new NettyTransport(2, null);
        serverPeer = SnakeMqPeer.builder("server").transport(transport).framing(new Uint32LengthFraming()).build();
        port = serverPeer.listen(new EndpointSpec("rpc", "127.0.0.1", 0, null)).localAddress().getPort();
        clientPeer = SnakeMqPeer.builder("client").transport(transport).framing(new Uint32LengthFraming()).build();
        startRpc(false, RpcCodec.PICKLE);
        CountDownLatch connected = new CountDownLatch(1);
        clientPeer.addListener(new PeerListener() {
            @Override
            public void connected(PeerConnection connection) {
                connected.countDown();
            }
        });
        clientPeer.connect(new ConnectSpec("to-server", "127.0.0.1", port, null, Duration.ofSeconds(5)), Duration.ofMillis(100));
        assertTrue(connected.await(10, TimeUnit.SECONDS));
    }

    private void startRpc(boolean deduplicate, RpcCodec codec) {
        if (server != null) {
            server.close();
            client.close();
        }
        server = SnakeMqRpc.builder(serverPeer).deduplicate(deduplicate).build();
        server.register("calc", calculator);
        client = SnakeMqRpc.builder(clientPeer).codec(codec).defaultTimeout(Duration.ofSeconds(10)).build();
    }

    @After
    public void stop() {
        client.close();
        server.close();
        clientPeer.close();
        serverPeer.close();
        transport.close();
    }

    @Test
    public void callsReturnValuesInBothCodecs() {
        assertEquals(5, client.call("server", "calc", "add", 2, 3));
        startRpc(false, RpcCodec.JSON);
        assertEquals(5, client.call("server", "calc", "add", 2, 3));
        assertEquals(List.of("a", "b"), client.call("server", "calc", "pair", "a", "b"));
    }

    /**
     * Issue 14.2: "rpcreq" + a 600-byte pickle of a dict keyed by a list nested 64 levels, each
     * level holding the one below twice. Hashing the key took 2^64 steps on the I/O thread; four
     * of them stopped every protocol of the node.
     */
    private static byte[] pickleBombRequest() {
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        bomb.writeBytes("rpcreq".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        bomb.writeBytes(new byte[] {(byte) 0x80, 2, '}', ']', 'q', 0});
        for (int level = 1; level <= 64; level++) {
            bomb.writeBytes(new byte[] {'0', ']', '(', 'h', (byte) (level - 1), 'h', (byte) (level - 1), 'e', 'q', (byte) level});
        }
        bomb.writeBytes(new byte[] {'K', 1, 's', '.'});
        return bomb.toByteArray();
    }

    @Test
    public void pickleBombsAreRefusedAndCallsKeepBeingAnswered() {
        for (int i = 0; i < 4; i++) {
            clientPeer.send("server", PeerMessage.of(pickleBombRequest()));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(5, client.call("server", "calc", "add", 2, 3));
        }
    }

    @Test
    public void aTypedProxyCallsAndFitsResults() {
        Calculator remote = client.proxy("server", "calc", Calculator.class);
        assertEquals(7L, remote.add(3, 4));
        assertEquals(2.5, remote.divide(5, 2), 0);
        assertEquals(List.of("x", "y"), remote.pair("x", "y"));
    }

    @Test
    public void remoteExceptionsArriveAsTheirPythonClassWithTheTraceback() {
        RemoteException e = assertThrows(RemoteException.class, () -> client.call("server", "calc", "divide", 1, 0));
        assertEquals("builtins.ValueError", e.remoteType());
        assertEquals("builtins.ValueError: division by zero", e.getMessage());
        assertTrue(e.remoteTraceback(), e.remoteTraceback().contains("CalculatorService.divide"));
        // Python's traceback shape (issue 16.4): oldest frame first, the exception line last.
        assertTrue(e.remoteTraceback(), e.remoteTraceback().startsWith("Traceback (most recent call last):\n  File \"SnakeMqRpcTest.java\", line "));
        assertTrue(e.remoteTraceback(), e.remoteTraceback().endsWith("\nValueError: division by zero\n"));
        assertFalse("no Java trace or reflection frames", e.remoteTraceback().contains("\tat ") || e.remoteTraceback().contains("reflect"));

        RemoteException noObject = assertThrows(RemoteException.class, () -> client.call("server", "nothing", "add", 1, 2));
        assertTrue(noObject.isNoSuchObject());
        RemoteException noMethod = assertThrows(RemoteException.class, () -> client.call("server", "calc", "getClass"));
        assertTrue("Object's methods are never callable", noMethod.isNoSuchMethod());
        RemoteException wrongArgs = assertThrows(RemoteException.class, () -> client.call("server", "calc", "add", "x", 2));
        assertTrue(wrongArgs.isNoSuchMethod());
    }

    @Test
    public void servedCallsAreCountedByOutcomeAndTimed() {
        assertEquals(3, client.call("server", "calc", "add", 1, 2));
        assertThrows(RemoteException.class, () -> client.call("server", "calc", "divide", 1, 0));
        Map<String, Double> byOutcome = new java.util.HashMap<>();
        server.metrics().stream().filter(value -> value.name().equals("patchbay_rpc_calls_total"))
                .forEach(value -> byOutcome.put(value.labels().get("outcome"), value.value()));
        assertEquals(Map.of("ok", 1.0, "error", 1.0), byOutcome);
        assertEquals(2, server.latencies().get(0).count());
        assertTrue("the caller served nothing", client.latencies().isEmpty());
    }

    @Test
    public void keywordArgumentsNameTheParametersAsInPython() {
        // Issue 16.4: add(a=40, b=2) from a Python caller was refused with TypeError.
        assertEquals(42, client.call("server", "calc", "add", Duration.ofSeconds(10), List.of(), Map.of("a", 40, "b", 2)));
        assertEquals(42, client.call("server", "calc", "add", Duration.ofSeconds(10), List.of(40), Map.of("b", 2)));
        assertEquals(List.of("l", "r"), client.call("server", "calc", "pair", Duration.ofSeconds(10), List.of(),
                Map.of("right", "r", "left", "l")));
        RemoteException unknown = assertThrows(RemoteException.class, () -> client.call("server", "calc", "add",
                Duration.ofSeconds(10), List.of(40), Map.of("c", 2)));
        assertEquals("builtins.TypeError", unknown.remoteType());
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("[c]"));
    }

    @Test
    public void aSignalRunsWithoutAReply() throws Exception {
        client.signal("server", "calc", "ping", Duration.ofSeconds(5), "hello", 1);
        assertTrue(calculator.signalled.await(10, TimeUnit.SECONDS));
    }

    @Test
    public void timeoutsSayWhetherTheRequestWasSent() {
        calculator.release = new CountDownLatch(1);
        RpcTimeoutException unanswered = assertThrows(RpcTimeoutException.class,
                () -> client.call("server", "calc", "slow", Duration.ofMillis(300)));
        assertTrue(unanswered.wasSent());
        calculator.release.countDown();
        RpcTimeoutException nobody = assertThrows(RpcTimeoutException.class,
                () -> client.call("nobody", "calc", "add", Duration.ofMillis(200), 1, 2));
        assertFalse(nobody.wasSent());
    }

    @Test
    public void aCallSurvivesAReconnectAndRunsAgainLikeSnakeMq() throws Exception {
        assertEquals(2, callAcrossReconnect());
    }

    @Test
    public void withDeduplicationARetriedCallRunsOnce() throws Exception {
        startRpc(true, RpcCodec.PICKLE);
        assertEquals(1, callAcrossReconnect());
    }

    /** Starts a slow call, drops the connection mid-call, lets it finish; returns how often it ran. */
    private int callAcrossReconnect() throws Exception {
        calculator.release = new CountDownLatch(1);
        CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> client.call("server", "calc", "slow"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calculator.slowRuns.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        serverPeer.connection("client").close();
        // the client reconnects and sends the identical request again
        while (clientPeer.connection("server") == null || serverPeer.connection("client") == null) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        calculator.release.countDown();
        assertEquals("done", result.get(10, TimeUnit.SECONDS));
        return calculator.slowRuns.get();
    }

    @Test
    public void answersTheRealSnakeMqRequestBytes() throws Exception {
        // B6 from the golden vectors: add(2, 3) on "calc", req_id UUID(int=2), pickle protocol 4
        JsonNode vectors = new ObjectMapper().readTree(
                Files.readString(Path.of(System.getProperty("patchbay.vectors"), "snakemq.json"))).get("vectors");
        String hex = null;
        for (JsonNode vector : vectors) {
            if (vector.get("name").asText().equals("B6_rpc_call_add_2_3")) {
                hex = vector.get("hex").asText();
            }
        }
        byte[] packet = ByteBufUtil.decodeHexDump(hex);
        byte[] data = Arrays.copyOfRange(packet, 4 + 25, packet.length);
        CompletableFuture<RpcReply> reply = new CompletableFuture<>();
        clientPeer.addListener(new PeerListener() {
            @Override
            public void received(PeerConnection from, PeerMessage message) {
                if (RpcCodec.ofReply(message.data()) == RpcCodec.PICKLE) {
                    reply.complete(RpcCodec.PICKLE.decodeReply(message.data()));
                }
            }
        });
        clientPeer.send("server", new PeerMessage(UUID.randomUUID(), data, Duration.ZERO, 0));
        RpcReply answer = reply.get(10, TimeUnit.SECONDS);
        assertTrue(answer.ok());
        assertEquals(5L, ((Number) answer.value()).longValue());
        assertArrayEquals(HexFormat.of().parseHex("00000000000000000000000000000002"), answer.reqId());
    }
}
