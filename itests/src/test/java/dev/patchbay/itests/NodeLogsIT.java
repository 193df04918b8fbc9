package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The node's logs as shipped: with the JSON appender turned on, a connection the node closes
 * for a protocol violation is logged as a JSON object whose endpoint, connection id and remote
 * address are fields of their own, and the text log names the same connection.
 */
public class NodeLogsIT {

    private NodeProcess node;

    @Before
    public void startNode() throws Exception {
        node = new NodeProcess();
        node.edit("etc/org.ops4j.pax.logging.cfg", text -> text.replace("#log4j2.rootLogger.appenderRef.json.ref", "log4j2.rootLogger.appenderRef.json.ref"));
        node.start("dev.patchbay.protocol.tpp-main");
    }

    @After
    public void stopNode() throws Exception {
        node.close();
    }

    @Test
    public void theNodeExitsOnOutOfMemoryErrorSoThatASupervisorRestartsIt() {
        // Issue 14.8: an OutOfMemoryError killed the I/O threads and the process lived on, deaf.
        assertTrue(String.valueOf(node.jvmArguments()), node.jvmArguments().contains("-XX:+ExitOnOutOfMemoryError"));
    }

    @Test
    public void aClosedConnectionIsLoggedWithItsIdAsJsonFields() throws Exception {
        String local;
        try (Socket socket = new Socket("127.0.0.1", node.port("dev.patchbay.protocol.tpp-main"))) {
            socket.setSoTimeout(10_000);
            local = "127.0.0.1:" + socket.getLocalPort();
            OutputStream out = socket.getOutputStream();
            out.write("99999999999\n".getBytes(StandardCharsets.US_ASCII)); // announces ~100 GB
            out.flush();
            InputStream in = socket.getInputStream();
            in.readAllBytes(); // until the node closes the connection
        }
        Path json = node.home().resolve("data/log/patchbay.json");
        JsonNode line = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (line == null && System.nanoTime() < deadline) {
            if (Files.exists(json)) {
                for (String text : Files.readAllLines(json)) {
                    if (text.contains(local)) {
                        line = new ObjectMapper().readTree(text);
                    }
                }
            }
            Thread.sleep(100);
        }
        assertTrue("no JSON line about the connection from " + local + " in " + json, line != null);
        assertEquals("tpp", line.path("endpoint").asText());
        assertTrue(line.toString(), line.path("connection").asText().matches("[0-9a-f]{8}"));
        assertTrue(line.toString(), line.path("remote").asText().endsWith(local));
        assertTrue(line.toString(), line.path("message").asText().contains("frame too large"));
        assertTrue(line.toString(), line.has("@timestamp") && line.has("log.level"));

        String connection = line.path("connection").asText();
        List<String> text = Files.readAllLines(node.home().resolve("data/log/patchbay.log"));
        assertTrue("the text log names connection " + connection,
                text.stream().anyMatch(l -> l.contains("[tpp " + connection + " /" + local + "]")));
    }
}
