package dev.patchbay.protocol.tpp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.TlsSettings;
import dev.patchbay.auth.token.TokenAuthenticator;
import dev.patchbay.client.tpp.TppClient;
import dev.patchbay.client.tpp.TppErrorException;
import dev.patchbay.framing.DecimalLengthFraming;
import dev.patchbay.transport.netty.NettyTransport;
import java.io.InputStream;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.After;
import org.junit.Test;

/** The TPP server over real sockets on 127.0.0.1, without OSGi. */
public class TppServerTest {

    static final String TOKEN = "tpp-secret-token";
    static final String TOKEN_HASH = "$2b$04$N9qo8uLOickgx2ZMRZoMyeUhJZKXKu95HMDF4wl0VfDNMB..nOiZe";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final NettyTransport transport = new NettyTransport();
    private final TppActionRegistry actions = new TppActionRegistry();
    private final List<TppServer> servers = new ArrayList<>();

    {
        actions.add("echo", (request, progress) -> request.result(request.body()));
    }

    @After
    public void stop() {
        servers.forEach(TppServer::close);
        transport.close();
    }

    @Test
    public void goldenEchoRequestGetsTheGoldenReplyAndAClose() throws Exception {
        int port = start(settings(null)).endpoint().localAddress().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(
                    "65\n{\"action\": \"echo\", \"body\": {\"x\": 1}, \"token\": \"tpp-secret-token\"}".getBytes(US_ASCII));
            assertArrayEquals("39\n{\"code\": 0, \"body\": {\"echo\": {\"x\": 1}}}".getBytes(US_ASCII),
                    socket.getInputStream().readAllBytes());
        }
    }

    @Test
    public void oversizeFrameGetsCode1AndCloseWhileOtherClientsCarryOn() throws Exception {
        TppServerSettings small = new TppServerSettings(new EndpointSpec("tpp", "127.0.0.1", 0, null), 100,
                Duration.ofSeconds(10), Duration.ofMinutes(1), 4, 100);
        int port = start(small).endpoint().localAddress().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("2147483648\n{".getBytes(US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertTrue(reply, reply.matches("\\d+\n\\{\"code\": 1, \"body\": \\{\"error\": \"frame too large: .*\"}}"));
        }
        assertEquals(Map.of("a", 1), client(port).request("echo", Map.of("a", 1), TOKEN, TIMEOUT));
    }

    @Test
    public void connectionEndingInsideAFrameIsDroppedAndTheServerKeepsServing() throws Exception {
        int port = start(settings(null)).endpoint().localAddress().getPort();
        for (String partial : new String[] {"10\n{}", "12"}) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write(partial.getBytes(US_ASCII));
                socket.shutdownOutput();
                socket.setSoTimeout(10_000);
                assertEquals("no reply for a request that never completed", -1, socket.getInputStream().read());
            }
        }
        assertEquals("x", client(port).request("echo", "x", TOKEN, TIMEOUT));
    }

    @Test
    public void aClientThatHalfClosesWithoutAByteGetsCode1AsFromToxiccore() throws Exception {
        // Issue 16.5: toxiccore reads EOF at a frame's start as an empty frame and answers "bad data".
        int port = start(settings(null)).endpoint().localAddress().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.shutdownOutput();
            assertEquals("69\n{\"code\": 1, \"body\": {\"error\": \"Something wrong with your data None\"}}",
                    new String(socket.getInputStream().readAllBytes(), US_ASCII));
        }
    }

    @Test
    public void aClientThatHalfClosesAfterItsRequestStillGetsTheReply() throws Exception {
        int port = start(settings(null)).endpoint().localAddress().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(
                    "65\n{\"action\": \"echo\", \"body\": {\"x\": 1}, \"token\": \"tpp-secret-token\"}".getBytes(US_ASCII));
            socket.shutdownOutput();
            assertArrayEquals("39\n{\"code\": 0, \"body\": {\"echo\": {\"x\": 1}}}".getBytes(US_ASCII),
                    socket.getInputStream().readAllBytes());
        }
    }

    @Test
    public void silentClientIsClosedAfterTheRequestTimeout() throws Exception {
        TppServerSettings quick = new TppServerSettings(new EndpointSpec("tpp", "127.0.0.1", 0, null), 1 << 20,
                Duration.ofMillis(200), Duration.ofMinutes(1), 4, 100);
        int port = start(quick).endpoint().localAddress().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String reply = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertTrue(reply, reply.contains("\"code\": 1") && reply.contains("no complete request within 200 ms"));
        }
    }

    @Test
    public void wrongTokenIsCode3() {
        int port = start(settings(null)).endpoint().localAddress().getPort();
        TppErrorException e = assertThrows(TppErrorException.class,
                () -> client(port).request("echo", null, "guess", TIMEOUT));
        assertEquals(3, e.code());
        assertEquals("Bad auth token", e.getMessage());
    }

    @Test
    public void streamedFramesArriveInOrder() throws Exception {
        actions.add("count", (request, progress) -> {
            for (int i = 1; i <= 100; i++) {
                progress.send(TppReply.ok(i));
            }
            return TppReply.ok("done");
        });
        int port = start(settings(null)).endpoint().localAddress().getPort();
        List<Object> bodies = new ArrayList<>();
        client(port).stream("count", null, TOKEN, TIMEOUT, frame -> bodies.add(frame.body()));
        assertEquals(101, bodies.size());
        assertEquals(1, bodies.get(0));
        assertEquals("done", bodies.get(100));
    }

    @Test
    public void tlsListenerServesAClientThatTrustsItsCertificate() throws Exception {
        int port = start(settings(TlsSettings.server(resource("server-cert.pem"), resource("server-key.pem"))))
                .endpoint().localAddress().getPort();
        TppClient client = TppClient.builder("localhost", port).tlsTrusting(resource("server-cert.pem")).build();
        assertEquals(List.of(1, 2), client.request("echo", List.of(1, 2), TOKEN, TIMEOUT));
        // A plaintext client talking to the TLS port gets no TPP reply and does not disturb it.
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write(
                    "65\n{\"action\": \"echo\", \"body\": {\"x\": 1}, \"token\": \"tpp-secret-token\"}".getBytes(US_ASCII));
            InputStream in = plain.getInputStream();
            byte[] answer = in.readAllBytes();
            assertTrue(answer.length == 0 || answer[0] != '6');
        } catch (java.net.SocketException reset) {
            // also fine: the TLS layer may reset the connection
        }
        assertEquals("again", client.request("echo", "again", TOKEN, TIMEOUT));
    }

    @Test
    public void manyConcurrentClientsAreAllServed() throws Exception {
        int port = start(settings(null)).endpoint().localAddress().getPort();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Object>> replies = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                replies.add(pool.submit(() -> client(port).request("echo", n, TOKEN, TIMEOUT)));
            }
            for (int i = 0; i < replies.size(); i++) {
                assertEquals(i, replies.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private TppServer start(TppServerSettings settings) {
        TokenAuthenticator auth = new TokenAuthenticator(List.of(TOKEN_HASH));
        TppServer server = new TppServer(settings, transport, new DecimalLengthFraming(), () -> auth, actions);
        servers.add(server);
        return server;
    }

    private static TppServerSettings settings(TlsSettings tls) {
        return TppServerSettings.of(new EndpointSpec("tpp", "127.0.0.1", 0, tls));
    }

    private static TppClient client(int port) {
        return TppClient.builder("127.0.0.1", port).build();
    }

    private static Path resource(String name) {
        try {
            return Path.of(TppServerTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
