package dev.patchbay.nucos;

import dev.patchbay.api.auth.ChallengeAuthenticator;
import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.nucos.wire.NucosCodec;
import dev.patchbay.support.AddressCounts;
import dev.patchbay.support.FailureThrottle;
import dev.patchbay.support.IdleClose;
import dev.patchbay.support.LogThrottle;
import dev.patchbay.support.Workers;
import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleState;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A nucosMQ server: clients log in with challenge-response (when an authenticator is set), send
 * events to the server's callbacks, join rooms, and publish into the rooms they are members of.
 * Rooms live in the {@link Broker}, so members of other protocols share them.
 *
 * <p>Compatible with nucosMQ's Python clients on the wire; behind it the reference's weaknesses
 * are fixed: every frame of a read is handled, frames are bounded, logins time out with a real
 * close, the uid answer must be named {@code uid}, a second login with the same uid replaces the
 * first cleanly, clients publish only into rooms they belong to and cannot relay control
 * events, members leave every room when they disconnect, and a slow reader never stalls the
 * others (its bounded outbox applies the {@link SlowSubscriberPolicy}).
 *
 * <p>Thread safe. Callbacks run on I/O threads.
 */
public final class NucosServer implements AutoCloseable {

    /** The uid of connections on a server without authentication, as in nucosMQ. */
    public static final String ANONYMOUS = "anonymous";

    final Framing framing;
    final Broker broker;
    final int maxFrameBytes;
    final Duration loginTimeout;
    final Duration idleTimeout;
    final long outboxBytes;
    final SlowSubscriberPolicy slowSubscriberPolicy;
    final int maxPendingLogins;
    final int maxConnections;
    final boolean relaySender;
    final int maxBadFrames;
    final Callbacks callbacks = new Callbacks();
    final ExecutorService authWorkers;
    private final Transport transport;
    private volatile ChallengeAuthenticator authenticator;
    private volatile boolean authenticationRequired;
    private final Map<String, ServerSession> byUid = new ConcurrentHashMap<>();
    private final Set<ServerSession> sessions = ConcurrentHashMap.newKeySet();
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    final AtomicInteger pendingLogins = new AtomicInteger();
    final int maxPendingLoginsPerAddress;
    final int maxRoomsPerConnection;
    /** Logins in progress per remote IP address; an entry exists only while its count is above 0. */
    private final AddressCounts pendingLoginsByAddress = new AddressCounts();
    final LongAdder refusedJoins = new LongAdder();
    /**
     * Failed logins (wrong answers, no answer in time) per remote address: after 10, one more
     * try per second, so that no host can guess secrets or hold login places at a high rate.
     */
    final FailureThrottle loginFailures = new FailureThrottle(10, TimeUnit.SECONDS.toNanos(1), 10_000);
    final LogThrottle refusals = new LogThrottle(TimeUnit.SECONDS.toNanos(10));
    final LongAdder messagesIn = new LongAdder();
    final LongAdder refusedPublishes = new LongAdder();
    final LongAdder badFrames = new LongAdder();
    final LongAdder failedLogins = new LongAdder();
    final LongAdder slowDisconnects = new LongAdder();
    private volatile boolean closed;

    private NucosServer(Builder builder) {
        this.transport = Objects.requireNonNull(builder.transport, "transport");
        this.framing = Objects.requireNonNull(builder.framing, "framing");
        this.broker = builder.broker;
        this.authenticator = builder.authenticator;
        this.authenticationRequired = builder.authenticationRequired;
        this.maxFrameBytes = builder.maxFrameBytes;
        this.loginTimeout = builder.loginTimeout;
        this.idleTimeout = builder.idleTimeout;
        this.outboxBytes = builder.outboxBytes;
        this.slowSubscriberPolicy = builder.slowSubscriberPolicy;
        this.maxPendingLogins = builder.maxPendingLogins;
        this.maxPendingLoginsPerAddress = builder.maxPendingLoginsPerAddress;
        this.maxRoomsPerConnection = builder.maxRoomsPerConnection;
        this.maxConnections = builder.maxConnections;
        this.relaySender = builder.relaySender;
        this.maxBadFrames = builder.maxBadFrames;
        // Authenticators may block; a bounded pool keeps a login flood from piling up work.
        this.authWorkers = Workers.boundedPool("nucos-auth", 1, 4, 4096);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Accepts clients on {@code spec}; may be called for several endpoints. */
    public Endpoint listen(EndpointSpec spec) {
        Endpoint endpoint = transport.listen(spec, this::setUp);
        endpoints.add(endpoint);
        return endpoint;
    }

    private void setUp(Channel channel) {
        ServerSession session = new ServerSession(this, channel);
        framing.addTo(channel.pipeline(), maxFrameBytes);
        if (!idleTimeout.isZero()) {
            // told to the client first, as nucosMQ's own shutdown is
            channel.pipeline().addLast("idle", new IdleClose(idleTimeout, IdleState.READER_IDLE,
                    (ctx, reason) -> session.shutdown(reason)));
        }
        channel.pipeline().addLast("nucos", session);
    }

    /**
     * Takes a place among the logins in progress, in all and for {@code address}: silent
     * connections from one address must not take every place and lock everyone else out.
     *
     * @return why not, or {@code null} if taken (give it back with {@link #leavePendingLogin})
     */
    String enterPendingLogin(InetAddress address) {
        if (pendingLogins.incrementAndGet() > maxPendingLogins) {
            pendingLogins.decrementAndGet();
            return maxPendingLogins + " logins are already in progress";
        }
        if (address != null && !pendingLoginsByAddress.tryAcquire(address, maxPendingLoginsPerAddress)) {
            pendingLogins.decrementAndGet();
            return maxPendingLoginsPerAddress + " logins from " + address.getHostAddress() + " are already in progress";
        }
        return null;
    }

    void leavePendingLogin(InetAddress address) {
        if (address != null) {
            pendingLoginsByAddress.release(address);
        }
        pendingLogins.decrementAndGet();
    }

    /**
     * Whether {@code room} is the private room of a user other than {@code uid}: a connected
     * client's, or (while that user is offline) a name the authenticator can log in.
     */
    boolean isPrivateRoomOfAnother(String room, String uid) {
        if (room.equals(uid)) {
            return false;
        }
        ChallengeAuthenticator current = authenticator;
        return isConnected(room) || (current != null && current.knows(room));
    }

    // --- authentication (changeable at run time)

    /** Sets the authenticator; {@code null} leaves logins failing while authentication is required. */
    public void setAuthenticator(ChallengeAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    ChallengeAuthenticator authenticator() {
        return authenticator;
    }

    /** Whether new connections must log in; open connections keep their state. */
    public void setAuthenticationRequired(boolean required) {
        this.authenticationRequired = required;
    }

    boolean authenticationRequired() {
        return authenticationRequired;
    }

    // --- callbacks

    /** Every message from a client (events and room publishes). */
    public AutoCloseable onAll(NucosCallback callback) {
        return callbacks.add(null, null, callback);
    }

    public AutoCloseable onEvent(String event, NucosCallback callback) {
        return callbacks.add(null, Objects.requireNonNull(event), callback);
    }

    /** Messages clients publish into {@code room}; {@code ""} means direct messages (no room). */
    public AutoCloseable onRoom(String room, NucosCallback callback) {
        return callbacks.add(Objects.requireNonNull(room), null, callback);
    }

    public AutoCloseable onRoomEvent(String room, String event, NucosCallback callback) {
        return callbacks.add(Objects.requireNonNull(room), Objects.requireNonNull(event), callback);
    }

    /** Adds a callback for {@code room} and/or {@code event}, either of which may be {@code null} for any. */
    public AutoCloseable on(String room, String event, NucosCallback callback) {
        return callbacks.add(room, event, callback);
    }

    // --- sending

    /**
     * Publishes into {@code room} (a uid names that client's private room), as nucosMQ's
     * {@code server.publish}: every member gets the frame with {@code "room"} set.
     *
     * @return how many members took it
     */
    public int publish(String room, String event, Object content) {
        requireBroker();
        return broker.publish(new RoomMessage(room, event, content, ""));
    }

    /**
     * Sends to the client logged in as {@code uid}, without a room.
     *
     * @return {@code false} if no such client is connected or its outbox is full
     */
    public boolean send(String uid, String event, Object content) {
        ServerSession session = byUid.get(uid);
        return session != null && session.sendDirect(NucosCodec.encode(event, content));
    }

    /** Sends to every logged-in client, without a room; returns how many took it. */
    public int sendAll(String event, Object content) {
        byte[] frame = NucosCodec.encode(event, content);
        int count = 0;
        for (ServerSession session : sessions) {
            if (session.isOpen() && session.sendDirect(frame)) {
                count++;
            }
        }
        return count;
    }

    /** Pings {@code uid}; the stage completes with the round trip or fails after {@code timeout}. */
    public CompletionStage<Duration> ping(String uid, Duration timeout) {
        ServerSession session = byUid.get(uid);
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("'" + uid + "' is not connected"));
        }
        return session.ping(timeout);
    }

    /** Closes {@code uid}'s connection after a {@code shutdown} frame; returns whether it was connected. */
    public boolean disconnect(String uid) {
        ServerSession session = byUid.get(uid);
        if (session == null) {
            return false;
        }
        session.shutdown("disconnected by the server");
        return true;
    }

    // --- state

    /** A connected client for operations. */
    public record ClientInfo(String uid, String connectionId, String remoteAddress, boolean loggedIn, int pendingMessages) {
    }

    public List<ClientInfo> clients() {
        List<ClientInfo> all = new ArrayList<>();
        for (ServerSession session : sessions) {
            all.add(session.info());
        }
        all.sort(Comparator.comparing(ClientInfo::uid).thenComparing(ClientInfo::connectionId));
        return all;
    }

    public boolean isConnected(String uid) {
        return byUid.containsKey(uid);
    }

    public Broker broker() {
        return broker;
    }

    /** Counters since the server started. */
    public record Stats(long messagesIn, long refusedPublishes, long badFrames, long failedLogins, long slowDisconnects,
                        long refusedJoins) {
    }

    public Stats stats() {
        return new Stats(messagesIn.sum(), refusedPublishes.sum(), badFrames.sum(), failedLogins.sum(), slowDisconnects.sum(),
                refusedJoins.sum());
    }

    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    // --- session registry (called by sessions on their event loops)

    boolean admit(ServerSession session) {
        if (closed || (maxConnections > 0 && sessions.size() >= maxConnections)) {
            return false;
        }
        sessions.add(session);
        return true;
    }

    /** Makes {@code session} the one for {@code uid}; returns the one it replaces, if any. */
    ServerSession loggedIn(String uid, ServerSession session) {
        return byUid.put(uid, session);
    }

    void gone(ServerSession session) {
        sessions.remove(session);
        if (session.uid() != null) {
            byUid.remove(session.uid(), session);
        }
    }

    /** Some logged-in session, for a link's bind side (which has at most one). */
    ServerSession anyOpenSession() {
        for (ServerSession session : sessions) {
            if (session.isOpen()) {
                return session;
            }
        }
        return null;
    }

    void requireBroker() {
        if (broker == null) {
            throw new IllegalStateException("this server has no broker, so no rooms");
        }
    }

    /** Sends {@code shutdown} to every client, closes them and the listeners. */
    @Override
    public void close() {
        closed = true;
        for (ServerSession session : sessions) {
            session.shutdown("server closing");
        }
        for (Endpoint endpoint : endpoints) {
            endpoint.close();
        }
        endpoints.clear();
        authWorkers.shutdownNow();
    }

    public static final class Builder {
        private Transport transport;
        private Framing framing;
        private Broker broker;
        private ChallengeAuthenticator authenticator;
        private boolean authenticationRequired = true;
        private int maxFrameBytes = 1 << 20;
        private Duration loginTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ofSeconds(300);
        private long outboxBytes = 8L << 20;
        private SlowSubscriberPolicy slowSubscriberPolicy = SlowSubscriberPolicy.DISCONNECT;
        private int maxPendingLogins = 1000;
        private int maxPendingLoginsPerAddress = 16;
        private int maxRoomsPerConnection = 1000;
        private int maxConnections;
        private boolean relaySender;
        private int maxBadFrames = 100;

        private Builder() {
        }

        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** The {@code _EOM_} framing ({@code eom-delimiter}). */
        public Builder framing(Framing framing) {
            this.framing = framing;
            return this;
        }

        /** Where rooms live; without one the server has no rooms (as a link's bind side). */
        public Builder broker(Broker broker) {
            this.broker = broker;
            return this;
        }

        /** Challenge-response logins with this authenticator (may be set later with {@link NucosServer#setAuthenticator}). */
        public Builder authenticator(ChallengeAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** {@code false}: no login, every client is {@code anonymous} (nucosMQ without {@code do_auth}). Default true. */
        public Builder authenticationRequired(boolean required) {
            this.authenticationRequired = required;
            return this;
        }

        /** Largest frame accepted (default 1 MiB); a larger one closes the connection. */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /** How long the server waits for each login answer (default 5 s; nucosMQ allows 1 s). */
        public Builder loginTimeout(Duration timeout) {
            this.loginTimeout = timeout;
            return this;
        }

        /** Close a connection silent for this long (default 300 s as nucosMQ; zero: never). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** Bytes queued per connection beyond Netty's own buffer before the slow-subscriber policy applies (default 8 MiB). */
        public Builder outboxBytes(long bytes) {
            this.outboxBytes = bytes;
            return this;
        }

        public Builder slowSubscriberPolicy(SlowSubscriberPolicy policy) {
            this.slowSubscriberPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** Connections still logging in beyond which new ones are closed at once (default 1000). */
        public Builder maxPendingLogins(int max) {
            this.maxPendingLogins = max;
            return this;
        }

        /** Logins in progress from one IP address beyond which its new connections are closed (default 16). */
        public Builder maxPendingLoginsPerAddress(int max) {
            this.maxPendingLoginsPerAddress = max;
            return this;
        }

        /** Rooms one connection may be a member of at once, its private room included (default 1000). */
        public Builder maxRoomsPerConnection(int max) {
            this.maxRoomsPerConnection = max;
            return this;
        }

        /** At most this many connections (0: no limit; a link's bind side uses 1). */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /** Add the publisher's uid to relayed frames as {@code "from"} (Python peers ignore it). Default false. */
        public Builder relaySender(boolean relaySender) {
            this.relaySender = relaySender;
            return this;
        }

        /** Invalid frames a connection may send before it is closed (each is dropped; default 100). */
        public Builder maxBadFrames(int max) {
            this.maxBadFrames = max;
            return this;
        }

        public NucosServer build() {
            return new NucosServer(this);
        }
    }
}
