package dev.patchbay.itests;

import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.Constants;

/** The bundles of a Patchbay node, as Pax Exam options, and helpers shared by the tests. */
public final class PatchbayOptions {

    private PatchbayOptions() {
    }

    /** The OSGi runtime pieces a node needs: DS and Config Admin. */
    public static Option runtime() {
        return composite(
                cleanCaches(),
                // Pax Exam itself provides pax-logging-api (our bundles' SLF4J) and sets the
                // framework's system packages; do not set org.osgi.framework.system.packages.extra.
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                junitBundles());
    }

    /** The runtime, Netty, and Patchbay's api, protocol support, transport and framing bundles. */
    public static Option core() {
        return composite(
                runtime(),
                mavenBundle("io.netty", "netty-common").versionAsInProject(),
                mavenBundle("io.netty", "netty-buffer").versionAsInProject(),
                mavenBundle("io.netty", "netty-resolver").versionAsInProject(),
                mavenBundle("io.netty", "netty-transport").versionAsInProject(),
                mavenBundle("io.netty", "netty-transport-native-unix-common").versionAsInProject(),
                mavenBundle("io.netty", "netty-codec-base").versionAsInProject(),
                mavenBundle("io.netty", "netty-handler").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-api").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-protocol-support").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-transport-netty").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-framing").versionAsInProject());
    }

    /** Jackson and the Patchbay bundles of a TPP node, plus the plain-Java client. */
    public static Option tppNode() {
        return composite(
                core(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-json").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-auth-token").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-protocol-tpp").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-client").versionAsInProject());
    }

    /** The snakeMQ peer with both store bundles (SQLite and memory). */
    public static Option snakeMqNode() {
        return composite(
                core(),
                mavenBundle("org.xerial", "sqlite-jdbc").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-storage-jdbc").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-storage-sqlite").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-storage-memory").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-protocol-snakemq").versionAsInProject());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until something accepts connections on the port; fails after 20 s. */
    public static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on 127.0.0.1:" + port + " after 20 s");
    }

    /**
     * The first non-null result of {@code attempt} within 60 s; an exception counts as "not
     * yet" (something the node is still installing or starting).
     */
    public static <T> T eventually(Callable<T> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T answer = attempt.call();
                if (answer != null) {
                    return answer;
                }
            } catch (Exception notYet) {
                last = notYet;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer within 60 s" + (last == null ? "" : ": " + last));
    }

    /**
     * Inside the framework: fails if any registered service carries {@code secret} in one of its
     * properties (Declarative Services publishes configuration keys without a leading dot).
     */
    public static void assertNoServicePropertyHolds(org.osgi.framework.BundleContext context, String secret)
            throws org.osgi.framework.InvalidSyntaxException {
        for (org.osgi.framework.ServiceReference<?> reference : context.getAllServiceReferences(null, null)) {
            for (String key : reference.getPropertyKeys()) {
                Object value = reference.getProperty(key);
                String text = value instanceof Object[] array ? java.util.Arrays.deepToString(array) : String.valueOf(value);
                if (text.contains(secret)) {
                    throw new AssertionError("service " + reference + " publishes a secret in its property " + key);
                }
            }
        }
    }

    /** Waits until {@code condition} holds, looking every 50 ms; fails after {@code seconds}. */
    public static void awaitCondition(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }

    /** Sleeps in a condition that is retried (an interrupt ends the wait early). */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until nothing accepts connections on the port; fails after 20 s. */
    public static void awaitClosed(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                Thread.sleep(50);
            } catch (IOException closed) {
                return;
            }
        }
        throw new AssertionError("127.0.0.1:" + port + " still accepts connections after 20 s");
    }

    /**
     * Runs in the test driver: packs {@code classes} into a bundle file to install later (with
     * {@code BundleContext.installBundle}), and returns its {@code file:} URI.
     */
    public static String bundleFile(String symbolicName, Class<? extends BundleActivator> activator, String imports,
                                    Class<?>... classes) throws IOException {
        Path jar = Files.createTempFile(symbolicName + "-", ".jar");
        TinyBundle bundle = TinyBundles.bundle().symbolicName(symbolicName).activator(activator)
                .setHeader(Constants.IMPORT_PACKAGE, imports);
        for (Class<?> type : classes) {
            bundle.addClass(type);
        }
        try (InputStream built = bundle.build(TinyBundles.rawBuilder())) {
            Files.copy(built, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        jar.toFile().deleteOnExit();
        return jar.toUri().toString();
    }

    /** Copies a resource of the test bundle to a file, for settings that take paths. */
    public static Path resourceFile(Class<?> owner, String name) throws IOException {
        Path file = Files.createTempFile("patchbay-itest-", "-" + name);
        try (InputStream in = owner.getResourceAsStream("/" + name)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        return file;
    }
}
