package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.DataInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The assembled node's Gogo console, typed into as a user at a UTF-8 terminal would. */
public class NodeShellIT {

    private static final String SNAKEMQ = "dev.patchbay.protocol.snakemq";

    private NodeProcess node;

    @Before
    public void startNode() throws Exception {
        node = new NodeProcess();
        node.start(SNAKEMQ);
    }

    @After
    public void stopNode() throws Exception {
        node.close();
    }

    @Test
    public void sendFromTheConsoleDeliversNonAsciiTextAsTyped() throws Exception {
        // Issue 16.7: "ž" arrived as "Å¾" (c3 85 c2 be), the console's bytes encoded once more.
        try (Socket carol = new Socket("127.0.0.1", node.port(SNAKEMQ))) {
            carol.setSoTimeout(2_000);
            DataInputStream in = new DataInputStream(carol.getInputStream());
            carol.getOutputStream().write(HexFormat.of().parseHex("000000050000000001" + "0000000602" + "6361726f6c"));
            // The listener can accept before the shell's commands are registered, and Gogo drops a
            // line naming a command it does not know yet: type it again until a message comes.
            for (int attempt = 0; attempt < 30; attempt++) {
                node.type("patchbay:send carol \"žluťoučký kůň\"");
                try {
                    while (true) {
                        byte[] packet = new byte[in.readInt()];
                        in.readFully(packet);
                        if (packet[0] == 3) { // MESSAGE: type, 16-byte id, ttl, flags, then the data
                            assertEquals("žluťoučký kůň", new String(Arrays.copyOfRange(packet, 25, packet.length),
                                    StandardCharsets.UTF_8));
                            return;
                        }
                    }
                } catch (SocketTimeoutException nothingYet) {
                    // not delivered within 2 s: the command was not known yet
                }
            }
            fail("patchbay:send never delivered; see " + node.home().resolve("node-output.log"));
        }
    }
}
