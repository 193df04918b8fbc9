package dev.patchbay.cluster.nats;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway nats-server on 127.0.0.1 and a free port, for tests. Installs Debian's
 * {@code nats-server} package first if the binary is missing.
 */
public final class NatsTestServer implements AutoCloseable {


    private final Process process;
    private final int port;

    private NatsTestServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NatsTestServer start() throws Exception {
        Path binary = binary();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return new NatsTestServer(process, port);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("nats-server did not listen on " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    private static Path binary() throws Exception {
        for (String candidate : List.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Process install = new ProcessBuilder("apt-get", "install", "-y", "nats-server").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!install.waitFor(300, TimeUnit.SECONDS) || install.exitValue() != 0) {
            Process update = new ProcessBuilder("apt-get", "update").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            update.waitFor(300, TimeUnit.SECONDS);
            install = new ProcessBuilder("apt-get", "install", "-y", "nats-server").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!install.waitFor(300, TimeUnit.SECONDS) || install.exitValue() != 0) {
                throw new IOException("nats-server is not installed and apt-get could not install it");
            }
        }
        return binary();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Stops the server as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
