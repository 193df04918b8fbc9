package dev.patchbay.protocol.tpp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.auth.token.TokenAuthenticator;
import dev.patchbay.client.tpp.TppClient;
import dev.patchbay.framing.DecimalLengthFraming;
import dev.patchbay.transport.netty.NettyTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Misbehaving clients against a real server: each is dealt with on its own (closed, answered
 * with an error) while a well-behaved client keeps getting its answers.
 */
public class TppAbuseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final NettyTransport transport = new NettyTransport();
    private final TppActionRegistry actions = new TppActionRegistry();
    private TppServer server;
    private int port;

    @Before
    public void start() {
        actions.add("echo", (request, progress) -> request.result(request.body()), false);
        TppServerSettings settings = new TppServerSettings(new EndpointSpec("tpp", "127.0.0.1", 0, null), 64 * 1024,
                Duration.ofSeconds(1), Duration.ofMinutes(1), 4, 1000);
        TokenAuthenticator auth = new TokenAuthenticator(List.of(TppServerTest.TOKEN_HASH));
        server = new TppServer(settings, transport, new DecimalLengthFraming(), () -> auth, actions);
        port = server.endpoint().localAddress().getPort();
    }

    @After
    public void stop() {
        server.close();
        transport.close();
    }

    private Object echo(Object body) throws Exception {
        return TppClient.builder("127.0.0.1", port).build().request("echo", body, TppServerTest.TOKEN, TIMEOUT);
    }

    @Test
    public void aThousandSilentConnectionsDoNotStopServiceAndAreClosedByTheRequestTimeout() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try {
            // From four other addresses (any of 127.0.0.0/8 works on Linux): one address may hold
            // 256 connections at most (ConnectionPolicy), the good client comes from 127.0.0.1.
            for (int i = 0; i < 1000; i++) {
                silent.add(new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName("127.0.0." + (2 + i / 250)), 0));
            }
            assertEquals(Map.of("ok", true), echo(Map.of("ok", true)));
            for (Socket socket : silent) {
                socket.setSoTimeout(20_000);
                String reply = new String(socket.getInputStream().readAllBytes(), US_ASCII);
                assertTrue(reply, reply.contains("\"error\": \"no complete request within 1000 ms\""));
            }
            // the client sees EOF a moment before the server forgets the channel
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.endpoint().openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, server.endpoint().openConnections());
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    @Test
    public void aSlowlorisClientIsCutOffAtTheRequestTimeout() throws Exception {
        byte[] request = "65\n{\"action\": \"echo\", \"body\": {\"x\": 1}, \"token\": \"tpp-secret-token\"}".getBytes(US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int sent = 0;
            try {
                // one byte every 100 ms: the whole request would take 7 s
                for (; sent < request.length && in.available() == 0; sent++) {
                    out.write(request[sent]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (java.io.IOException closedWhileWriting) {
                // the server closed first; its reply is still readable
            }
            assertTrue("cut off after " + sent + " bytes", sent < request.length);
            try {
                String reply = new String(in.readAllBytes(), US_ASCII);
                assertTrue(reply, reply.contains("no complete request within 1000 ms"));
            } catch (java.net.SocketException reset) {
                // A byte written after the server closed makes its kernel answer with a reset,
                // which can discard the error reply before we read it; the cut-off is what counts.
            }
        }
        assertEquals(1, echo(1));
    }

    @Test
    public void aFloodOfWrongTokensIsAnsweredCode3AndGoodClientsCarryOn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                attempts.add(pool.submit(() -> {
                    // From another address: after a burst, its failures are throttled (no bcrypt check at
                    // all), which must not touch clients elsewhere.
                    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName("127.0.0.2"), 0)) {
                        socket.setSoTimeout(20_000);
                        byte[] payload = TppClient.encodeRequest("echo", n, "guess-" + n);
                        socket.getOutputStream().write((payload.length + "\n").getBytes(US_ASCII));
                        socket.getOutputStream().write(payload);
                        String reply = new String(socket.getInputStream().readAllBytes(), US_ASCII);
                        return reply.contains("\"code\": 3") ? 3 : -1;
                    }
                }));
            }
            assertEquals(42, echo(42));
            for (Future<Integer> attempt : attempts) {
                assertEquals(3, (int) attempt.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("still here", echo("still here"));
    }

    @Test
    public void framesAnnouncingTwoGigabytesAreRefusedWithoutBuffering() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write("2147483647\n{\"action\"".getBytes(US_ASCII));
                String reply = new String(socket.getInputStream().readAllBytes(), US_ASCII);
                assertTrue(reply, reply.contains("frame too large"));
            }
        }
        assertEquals(7, echo(7));
    }
}
