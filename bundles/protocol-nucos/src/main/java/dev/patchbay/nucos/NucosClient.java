package dev.patchbay.nucos;

import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.nucos.wire.NucosCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A nucosMQ client, for Patchbay's server or nucosMQ's Python one. {@link #connect} returns at
 * once; the stage completes when the client is logged in (or connected, on a server without
 * login). Sends made before that are queued and go out, in order, right after the login, as
 * nucosMQ's client does.
 *
 * <p>Thread safe: any thread may send; frames from one thread keep their order. Callbacks run on
 * the connection's I/O thread. Control events that arrive inside a room, or out of turn, are
 * ignored (a room member cannot log this client out or make it sign things).
 */
public final class NucosClient implements AutoCloseable {

    final Framing framing;
    final String uid;
    final Function<Object, Object> signer;
    final int maxFrameBytes;
    final Duration loginTimeout;
    final long outboxBytes;
    final Callbacks callbacks = new Callbacks();
    private final Transport transport;
    private volatile ClientSession session;

    private NucosClient(Builder builder) {
        this.transport = Objects.requireNonNull(builder.transport, "transport");
        this.framing = Objects.requireNonNull(builder.framing, "framing");
        this.uid = builder.uid;
        this.signer = builder.signer;
        this.maxFrameBytes = builder.maxFrameBytes;
        this.loginTimeout = builder.loginTimeout;
        this.outboxBytes = builder.outboxBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects and logs in. May be called again after the connection has ended (callbacks are kept).
     *
     * @return completes with this client once messages flow; fails with
     *         {@link NucosLoginException} or the connection error
     */
    public synchronized CompletionStage<NucosClient> connect(ConnectSpec spec) {
        ClientSession current = session;
        if (current != null && !current.isClosed()) {
            throw new IllegalStateException("already connected; close() first");
        }
        ClientSession created = new ClientSession(this);
        session = created;
        transport.connect(spec, channel -> {
            framing.addTo(channel.pipeline(), maxFrameBytes);
            channel.pipeline().addLast("nucos", created.attach(channel));
        }).whenComplete((channel, failure) -> {
            if (failure != null) {
                created.connectFailed(failure);
            }
        });
        return created.ready();
    }

    // --- sending

    /**
     * Sends an event to the server (its callbacks). Never blocks.
     *
     * @return {@code false} if not connected or the outbound buffer is full (try again later)
     */
    public boolean send(String event, Object content) {
        return offer(NucosCodec.encode(event, content));
    }

    /** Publishes into a room this client is a member of (the server refuses others). */
    public boolean publish(String room, String event, Object content) {
        if (room.isEmpty()) {
            throw new IllegalArgumentException("a room name is required");
        }
        return offer(NucosCodec.encode(event, content, room, ""));
    }

    /** Joins {@code room} (wire event {@code subscripe}, nucosMQ's spelling). */
    public boolean subscribe(String room) {
        return offer(NucosCodec.encode("subscripe", room));
    }

    /** Leaves {@code room} (Patchbay servers; nucosMQ has no unsubscribe and ignores it). */
    public boolean unsubscribe(String room) {
        return offer(NucosCodec.encode("unsubscripe", room));
    }

    private boolean offer(byte[] frame) {
        ClientSession current = session;
        return current != null && current.offer(frame);
    }

    /** Pings the server; completes with the measured round trip, or fails after {@code timeout}. */
    public CompletionStage<Duration> ping(Duration timeout) {
        ClientSession current = session;
        if (current == null || current.isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        return current.ping(timeout);
    }

    // --- callbacks

    public AutoCloseable onAll(NucosCallback callback) {
        return callbacks.add(null, null, callback);
    }

    public AutoCloseable onEvent(String event, NucosCallback callback) {
        return callbacks.add(null, Objects.requireNonNull(event), callback);
    }

    /** Messages published into {@code room}; {@code ""} means messages without a room. */
    public AutoCloseable onRoom(String room, NucosCallback callback) {
        return callbacks.add(Objects.requireNonNull(room), null, callback);
    }

    public AutoCloseable onRoomEvent(String room, String event, NucosCallback callback) {
        return callbacks.add(Objects.requireNonNull(room), Objects.requireNonNull(event), callback);
    }

    // --- state

    /** Logged in (or connected, without login) and not closed. */
    public boolean isConnected() {
        ClientSession current = session;
        return current != null && current.isOpen();
    }

    /** Completes when the current connection has ended. */
    public CompletionStage<Void> closeFuture() {
        ClientSession current = session;
        return current == null ? CompletableFuture.completedFuture(null) : current.closed();
    }

    public String uid() {
        return uid;
    }

    /** Sends {@code shutdown}, then closes once queued frames are written. Returns at once. */
    @Override
    public void close() {
        ClientSession current = session;
        if (current != null) {
            current.shutdown();
        }
    }

    public static final class Builder {
        private Transport transport;
        private Framing framing;
        private String uid = "";
        private Function<Object, Object> signer;
        private int maxFrameBytes = 1 << 20;
        private Duration loginTimeout = Duration.ofSeconds(10);
        private long outboxBytes = 8L << 20;

        private Builder() {
        }

        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        public Builder framing(Framing framing) {
            this.framing = framing;
            return this;
        }

        /**
         * Log in as {@code uid}, answering the server's challenge with {@code signer} (see
         * {@link ChallengeSigners}). Without this the client expects a server without login.
         */
        public Builder login(String uid, Function<Object, Object> signer) {
            this.uid = Objects.requireNonNull(uid);
            this.signer = Objects.requireNonNull(signer);
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Time from connecting to {@code auth_final} (default 10 s). */
        public Builder loginTimeout(Duration timeout) {
            this.loginTimeout = timeout;
            return this;
        }

        /** Bytes of unsent frames held before {@code send} returns {@code false} (default 8 MiB). */
        public Builder outboxBytes(long bytes) {
            this.outboxBytes = bytes;
            return this;
        }

        public NucosClient build() {
            return new NucosClient(this);
        }
    }
}
