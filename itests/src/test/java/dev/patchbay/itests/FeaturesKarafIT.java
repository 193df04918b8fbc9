package dev.patchbay.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Patchbay's feature repository in a real Apache Karaf 4.4: {@code feature:install patchbay},
 * then TPP and snakeMQ answer on their default ports.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeaturesKarafIT {

    private static final String MAVEN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";

    @Configuration
    public Option[] config() {
        return new Option[] {
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf").versionAsInProject().type("tar.gz"))
                        .unpackDirectory(new File("target/karaf"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevelOption.LogLevel.WARN),
                // Karaf resolves features from the local repository the build just filled.
                editConfigurationFilePut(MAVEN_CFG, "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository")),
                editConfigurationFilePut(MAVEN_CFG, "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                // the opt-in features resolve too (they stay idle without their configuration)
                features(maven("dev.patchbay", "patchbay-features").versionAsInProject().classifier("features").type("xml"),
                        "patchbay", "patchbay-cluster-nats", "patchbay-storage-postgresql"),
        };
    }

    @Test
    public void tppEchoesWithTheDevelopmentToken() throws Exception {
        byte[] payload = "{\"action\": \"echo\", \"body\": {\"x\": 1}, \"token\": \"patchbay-dev-token\"}"
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = connect(7111)) {
            socket.getOutputStream().write((payload.length + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(payload);
            assertEquals("39\n{\"code\": 0, \"body\": {\"echo\": {\"x\": 1}}}",
                    new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    public void theSnakeMqPeerAnswersWithItsHandshakeAndPong() throws Exception {
        try (Socket socket = connect(4000)) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] handshake = new byte[9 + 4 + 1 + "patchbay".length()];
            in.readFully(handshake);
            assertEquals("000000050000000001" + "00000009" + "02" + HexFormat.of().formatHex("patchbay".getBytes(StandardCharsets.US_ASCII)),
                    HexFormat.of().formatHex(handshake));
            socket.getOutputStream().write(HexFormat.of().parseHex("0000000104"));
            byte[] pong = new byte[5];
            in.readFully(pong);
            assertArrayEquals(HexFormat.of().parseHex("0000000105"), pong);
        }
    }

    /** The features start their listeners asynchronously; connect once they accept. */
    private static Socket connect(int port) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(10_000);
                return socket;
            } catch (IOException notYet) {
                socket.close();
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

}
