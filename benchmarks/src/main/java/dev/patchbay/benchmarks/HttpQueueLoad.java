package dev.patchbay.benchmarks;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.auth.Credentials;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.httpqueue.HttpQueueServer;
import dev.patchbay.httpqueue.HttpQueueService;
import dev.patchbay.httpqueue.StoreSwitch;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import dev.patchbay.storage.postgresql.PostgresQueueStore;
import dev.patchbay.storage.sqlite.SqliteMessageStore;
import dev.patchbay.storage.sqlite.SqliteQueueStore;
import dev.patchbay.transport.netty.NettyTransport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP queue: {@code --clients} keep-alive connections push {@code --messages} text messages
 * (about 100 bytes) for one node, then the same number of connections pull and ack them all.
 * Figures: pushes per second, and messages pulled and acked per second (two requests each).
 * The clients speak raw HTTP/1.1 on sockets so that the load generator costs little next to the
 * server on a small machine.
 *
 * <p>{@code --store sqlite} (a temporary file, {@code --durability FULL|NORMAL}) or
 * {@code --store postgresql --url jdbc:postgresql://...}.
 */
final class HttpQueueLoad {

    private static final String TOKEN = "bench-token";

    private HttpQueueLoad() {
    }

    static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("store", "sqlite", "durability", "FULL", "url", "",
                "user", "patchbay", "messages", "50000", "clients", "4", "rounds", "2", "io-threads", "2", "workers", "16", "baseline", "false"));
        if (options.containsKey("help")) {
            System.out.println("httpqueue [--store sqlite|postgresql] [--durability FULL|NORMAL] [--url jdbc:postgresql://...] "
                    + "[--user patchbay] [--messages 50000] [--clients 4] [--rounds 2] [--io-threads 2] [--workers 16] [--baseline true]");
            return;
        }
        String storeName = options.get("store");
        int messages = Integer.parseInt(options.get("messages"));
        int clients = Integer.parseInt(options.get("clients"));
        JdbcQueueStore store = storeName.equals("postgresql")
                ? PostgresQueueStore.open(options.get("url"), options.get("user"), "", 16)
                : SqliteQueueStore.open(Files.createTempDirectory("patchbay-httpqueue-bench-").resolve("queue.db"),
                        SqliteMessageStore.Durability.valueOf(options.get("durability")));
        String label = storeName.equals("postgresql") ? "PostgreSQL" : "SQLite " + options.get("durability");
        // Decides at once, as the node's token authenticator does for a token it verified before.
        Authenticator token = new Authenticator() {
            @Override
            public AuthResult authenticate(Credentials credentials) {
                return TOKEN.equals(new String(credentials.secret(), StandardCharsets.UTF_8))
                        ? AuthResult.accept("") : AuthResult.reject("wrong token");
            }

            @Override
            public AuthResult tryAuthenticateNow(Credentials credentials) {
                return authenticate(credentials);
            }
        };
        StoreSwitch stores = new StoreSwitch();
        stores.use(store);
        try (NettyTransport transport = new NettyTransport(Integer.parseInt(options.get("io-threads")), null);
             HttpQueueServer server = new HttpQueueServer(transport, stores, () -> token, HttpQueueService.Settings.DEFAULTS,
                     Integer.parseInt(options.get("workers")), Duration.ofMinutes(5), 5, Duration.ofSeconds(60))) {
            int port = server.listen(new EndpointSpec("bench", "127.0.0.1", 0, null)).localAddress().getPort();
            store.deleteEverything();
            for (int round = 1; round <= Integer.parseInt(options.get("rounds")); round++) {
                String body = "{\"seq\": 0, \"note\": \"" + "x".repeat(80) + "\"}";
                if (Boolean.parseBoolean(options.get("baseline"))) {
                    // the HTTP path alone (GET /, no store): the ceiling the queue's figures are bounded by
                    double banner = run(clients, messages, port, HttpQueueLoad.Connection::banner);
                    System.out.printf("httpqueue baseline, %d clients: round %d: %,.0f GET / per second%n", clients, round, banner);
                }
                double pushRate = run(clients, messages, port, connection -> connection.push(body));
                double pullRate = run(clients, messages, port, HttpQueueLoad.Connection::pullAndAck);
                System.out.printf("httpqueue %s, %d clients: round %d: %,.0f push/s, %,.0f pull+ack/s%n",
                        label, clients, round, pushRate, pullRate);
                Results.report("httpqueue " + label, "push/s", pushRate, "");
                Results.report("httpqueue " + label, "pull+ack/s", pullRate, "");
            }
        } finally {
            store.close();
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(Connection connection) throws IOException;
    }

    private static double run(int clients, int total, int port, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong remaining = new AtomicLong(total);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                try (Connection connection = new Connection(port)) {
                    while (remaining.getAndDecrement() > 0) {
                        step.run(connection);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return total / ((System.nanoTime() - start) / 1e9);
    }

    /** One keep-alive HTTP/1.1 connection speaking just enough HTTP for the queue. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 << 10);
        }

        void push(String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            send("POST /messageQueue HTTP/1.1\r\nHost: bench\r\nAuthorization: " + TOKEN + "\r\nScirocco-Node-Source: af01"
                    + "\r\nScirocco-Node-Destination: bf02\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n", body);
            expect(201);
        }

        void banner() throws IOException {
            send("GET / HTTP/1.1\r\nHost: bench\r\nAuthorization: " + TOKEN + "\r\n\r\n", null);
            expect(200);
        }

        void pullAndAck() throws IOException {
            send("GET /messageQueue HTTP/1.1\r\nHost: bench\r\nAuthorization: " + TOKEN + "\r\nScirocco-Node-Source: bf02\r\n\r\n", null);
            Response pulled = read();
            if (pulled.status != 200) {
                throw new IOException("pull answered " + pulled.status);
            }
            send("PATCH /messageQueue/" + pulled.id + "/ack HTTP/1.1\r\nHost: bench\r\nAuthorization: " + TOKEN
                    + "\r\nScirocco-Node-Source: bf02\r\nContent-Length: 0\r\n\r\n", null);
            expect(200);
        }

        private void send(String head, byte[] body) throws IOException {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
        }

        private void expect(int status) throws IOException {
            Response response = read();
            if (response.status != status) {
                throw new IOException("expected " + status + ", got " + response.status);
            }
        }

        private record Response(int status, String id) {
        }

        private Response read() throws IOException {
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            String id = null;
            for (String header; !(header = line()).isEmpty(); ) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon);
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("Scirocco-Id")) {
                    id = value;
                }
            }
            in.readNBytes(length);
            return new Response(status, id);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
