package dev.patchbay.storage.postgresql;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} in a temporary directory, a server on
 * 127.0.0.1 and a free port, trust authentication for user {@code patchbay}, removed on close.
 * Installs Debian's {@code postgresql} package first if no server binaries are found. When run
 * as root (CI containers), the server runs as the {@code postgres} system user, since PostgreSQL
 * refuses to run as root.
 */
public final class PostgresTestServer implements AutoCloseable {


    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asRoot;

    private PostgresTestServer(Path bin, Path dataDir, int port, boolean asRoot) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asRoot = asRoot;
    }

    public static PostgresTestServer start() throws Exception {
        Path bin = binaries();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("patchbay-pg-");
        Path data = dir.resolve("data");
        Files.createDirectory(data);
        if (asRoot) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(data, postgres);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresTestServer server = new PostgresTestServer(bin, data, port, asRoot);
        server.run(120, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "patchbay",
                "-E", "UTF8", "--no-sync");
        server.startAgain();
        return server;
    }

    /** Starts the stopped server again, on the same port with the same data. */
    public void startAgain() throws Exception {
        run(120, bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c max_connections=200", "-w", "-t", "60", "start");
    }

    /** Stops the server as a crash would (immediate mode), keeping its data for {@link #startAgain}. */
    public void stop() throws Exception {
        run(60, bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "patchbay";
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            deleteTree(dataDir.getParent());
        }
    }

    private void run(int timeoutSeconds, String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed:\n" + new String(output));
        }
    }

    /** The newest installed server's bin directory; installs the Debian package if there is none. */
    private static Path binaries() throws Exception {
        Path found = findBinaries();
        if (found != null) {
            return found;
        }
        List<String> apt = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            apt.addAll(List.of("sudo", "-n"));
        }
        apt.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get"));
        if (apt(apt, "install", "-y", "-q", "postgresql") != 0) {
            // a fresh machine may have no package lists yet
            apt(apt, "update", "-q");
            if (apt(apt, "install", "-y", "-q", "postgresql") != 0) {
                throw new IOException("PostgreSQL is not installed and 'apt-get install postgresql' failed (see the output above)");
            }
        }
        found = findBinaries();
        if (found == null) {
            throw new IOException("PostgreSQL was installed but no /usr/lib/postgresql/*/bin/initdb was found");
        }
        return found;
    }

    /** Runs apt-get with {@code arguments}, its output going to the build log; returns the exit code. */
    private static int apt(List<String> apt, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(apt);
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).inheritIO().start();
        return process.waitFor(15, TimeUnit.MINUTES) ? process.exitValue() : -1;
    }

    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> versionNumber(bin.getParent().getFileName().toString())))
                    .orElse(null);
        }
    }

    private static int versionNumber(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
