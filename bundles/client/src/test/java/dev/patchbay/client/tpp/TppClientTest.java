package dev.patchbay.client.tpp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.After;
import org.junit.Test;

public class TppClientTest {

    private static final JsonNode VECTORS = readVectors();
    private final List<Thread> servers = new ArrayList<>();

    @After
    public void stopServers() throws InterruptedException {
        for (Thread server : servers) {
            server.join(5000);
        }
    }

    @Test
    public void requestsAreEncodedExactlyAsThePythonClientWritesThem() {
        ObjectMapper mapper = new ObjectMapper();
        int checked = 0;
        for (JsonNode vector : VECTORS.get("encode")) {
            if (!vector.get("producer").asText().equals("BaseToxicClient.write")) {
                continue;
            }
            JsonNode input = vector.get("input");
            byte[] payload = TppClient.encodeRequest(input.get("action").asText(),
                    mapper.convertValue(input.get("body"), Object.class), input.get("token").asText());
            String text = vector.get("text").asText();
            assertEquals(vector.get("name").asText(), text.substring(text.indexOf('\n') + 1), new String(payload, US_ASCII));
            checked++;
        }
        assertEquals(4, checked);
    }

    @Test
    public void everyReferenceReplyGivesAValueOrATypedException() throws Exception {
        for (JsonNode vector : VECTORS.get("client_read")) {
            String name = vector.get("name").asText();
            int port = serveOnce(HexFormat.of().parseHex(vector.at("/server_bytes/hex").asText()), 0);
            TppClient client = TppClient.builder("127.0.0.1", port).build();
            JsonNode expected = vector.get("request2server");
            try {
                Object result = client.request("echo", 1, "t", Duration.ofSeconds(5));
                assertTrue(name + " returned " + result, expected.has("returned"));
                assertEquals(name, expected.get("returned").asInt(), ((Number) result).intValue());
            } catch (TppErrorException e) {
                // The Python client raises TypeError for the string body; a typed error is the better answer.
                assertTrue(name + ": " + e, expected.get("raises").asText().matches("ToxicClientException|TypeError"));
                assertTrue(name, e.code() > 0);
            } catch (TppException e) {
                assertTrue(name + ": " + e, expected.has("raises"));
            }
        }
    }

    @Test
    public void errorReplyCarriesCodeAndMessage() throws Exception {
        int port = serveOnce("48\n{\"code\": 3, \"body\": {\"error\": \"Bad auth token\"}}".getBytes(US_ASCII), 0);
        TppErrorException e = assertThrows(TppErrorException.class,
                () -> TppClient.builder("127.0.0.1", port).build().request("echo", null, "x", Duration.ofSeconds(5)));
        assertEquals(3, e.code());
        assertEquals("Bad auth token", e.getMessage());
    }

    @Test
    public void timeoutBoundsTheWholeExchange() throws Exception {
        int port = serveOnce("39\n{\"code\": 0, ".getBytes(US_ASCII), 3000);
        // The server holds the half-sent frame open for 3 s: only a timeout ends the wait earlier.
        assertThrows(SocketTimeoutException.class,
                () -> TppClient.builder("127.0.0.1", port).build().request("echo", null, "x", Duration.ofMillis(300)));
    }

    @Test
    public void oversizeReplyIsRefusedBeforeItIsRead() throws Exception {
        int port = serveOnce("2000000000\n{".getBytes(US_ASCII), 0);
        TppException e = assertThrows(TppException.class, () -> TppClient.builder("127.0.0.1", port)
                .maxFrameBytes(1024).build().request("echo", null, "x", Duration.ofSeconds(5)));
        assertTrue(e.getMessage(), e.getMessage().contains("limit"));
    }

    @Test
    public void streamDeliversEveryFrameUntilTheServerCloses() throws Exception {
        int port = serveOnce(("22\n{\"code\": 0, \"body\": 1}22\n{\"code\": 0, \"body\": 2}").getBytes(US_ASCII), 0);
        List<Object> bodies = new ArrayList<>();
        TppClient.builder("127.0.0.1", port).build()
                .stream("build", null, "x", Duration.ofSeconds(5), frame -> bodies.add(frame.body()));
        assertEquals(List.of(1, 2), bodies);
    }

    /** A server that reads the request, writes {@code reply}, waits {@code holdMillis}, and closes. */
    private int serveOnce(byte[] reply, long holdMillis) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            try (listener; Socket socket = listener.accept()) {
                socket.setSoTimeout(5000);
                int length = 0;
                for (int b; (b = socket.getInputStream().read()) != '\n'; ) {
                    length = length * 10 + (b - '0');
                }
                socket.getInputStream().readNBytes(length);
                socket.getOutputStream().write(reply);
                socket.getOutputStream().flush();
                Thread.sleep(holdMillis);
            } catch (IOException | InterruptedException e) {
                fail("test server: " + e);
            }
        });
        server.start();
        servers.add(server);
        return listener.getLocalPort();
    }

    private static JsonNode readVectors() {
        try {
            return new ObjectMapper().readTree(new File(System.getProperty("patchbay.vectors"), "tpp.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
