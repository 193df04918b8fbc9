package dev.patchbay.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The assembled node (distribution/target/patchbay-node) copied to a temporary directory and run
 * as users run it ({@code bin/patchbay}), every listener moved to a free port so that it runs
 * beside anything else. For tests of the node as a process: crashes, logs.
 */
final class NodeProcess implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("(?m)^(\\s*(?:http\\.)?port\\s*=\\s*)\\d+\\s*$");

    private final Path home;
    private final Map<String, Integer> ports = new HashMap<>();
    private Process process;

    NodeProcess() throws IOException {
        Path built = Path.of(System.getProperty("patchbay.node.home", "../distribution/target/patchbay-node"));
        assertTrue("build the distribution first: " + built.toAbsolutePath(), Files.isDirectory(built.resolve("bin")));
        home = Files.createTempDirectory("patchbay-node-");
        try (Stream<Path> files = Files.walk(built)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = built.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = home.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        try (Stream<Path> configs = Files.list(home.resolve("etc"))) {
            for (Path config : (Iterable<Path>) configs::iterator) {
                Matcher port = PORT.matcher(Files.readString(config));
                StringBuilder rewritten = new StringBuilder();
                while (port.find()) {
                    int free = PatchbayOptions.freePort();
                    ports.put(config.getFileName().toString().replaceAll("\\.cfg$", ""), free);
                    port.appendReplacement(rewritten, port.group(1) + free);
                }
                port.appendTail(rewritten);
                Files.writeString(config, rewritten.toString());
            }
        }
    }

    /** The port a listener got, by configuration PID ({@code dev.patchbay.protocol.httpqueue}). */
    int port(String pid) {
        Integer port = ports.get(pid);
        assertTrue("no port in " + pid + ".cfg", port != null);
        return port;
    }

    Path home() {
        return home;
    }

    /** Changes a file of the node (before it starts, or live for etc/ files). */
    void edit(String relativePath, UnaryOperator<String> change) throws IOException {
        Path file = home.resolve(relativePath);
        Files.writeString(file, change.apply(Files.readString(file)));
    }

    /** The command line the node's JVM runs with (bin/patchbay execs java, so it is this process). */
    List<String> jvmArguments() {
        return List.of(process.toHandle().info().arguments().orElse(new String[0]));
    }

    /** Types a line into the node's Gogo console (its stdin), as UTF-8 as a terminal sends it. */
    void type(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the node's console is gone", e);
        }
    }

    /** Starts the node and waits until {@code pid}'s listener accepts connections. */
    void start(String pid) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "bin/patchbay").directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node-output.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            assertTrue("the node died at start; see " + home.resolve("node-output.log"), process.isAlive());
            try (Socket socket = new Socket("127.0.0.1", port(pid))) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    fail(pid + " did not listen within 90 s; see " + home.resolve("node-output.log"));
                }
                Thread.sleep(200);
            }
        }
    }

    /** SIGKILL: no shutdown hook, no last commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue("the node outlived SIGKILL", process.waitFor(30, TimeUnit.SECONDS));
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
