package dev.patchbay.snakemq;

import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.api.peer.PeerRouter;
import dev.patchbay.api.peer.PeerStats;
import dev.patchbay.api.peer.QueueFullException;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.snakemq.wire.Frames;
import dev.patchbay.support.Deadline;
import dev.patchbay.support.Expiry;
import dev.patchbay.support.KeepAlive;
import dev.patchbay.support.Redial;
import dev.patchbay.support.Workers;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snakeMQ peer: one identity, any number of listeners and connectors, and a FIFO queue per
 * destination identity. {@link #send} queues; a queue flows whenever its destination is
 * connected, whichever side opened the connection. Messages with the persistent flag are kept in
 * a {@link MessageStore} while queued and reloaded when the peer starts again.
 *
 * <p>Wire behaviour is snakeMQ 1.6's: handshake, TTL shrinking only while the destination is
 * away (counted at reconnect), TTL-0 messages to an absent destination discarded, the newer of
 * two connections with the same identity closed, connectors retrying at a fixed interval. With
 * {@link Builder#acknowledgements(boolean)} two Patchbay peers also acknowledge deliveries: a
 * message leaves the sender (and its store) only when the receiver has it, unacknowledged ones
 * are sent again after a reconnect, and the receiver drops the duplicates by message id. A
 * Python peer never sees the extension and gets plain snakeMQ.
 *
 * <p>Thread safe. Listener callbacks run on I/O threads.
 */
public final class SnakeMqPeer implements PeerMessaging, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnakeMqPeer.class);

    private final String identity;
    private final Transport transport;
    private final Framing framing;
    private final int maxPacketBytes;
    private final boolean acknowledgements;
    private final int ackWindow;
    private final int maxQueuedMessages;
    private final int rememberedIds;
    private final Duration keepaliveInterval;
    private final Duration keepaliveWait;
    private final Duration identificationTimeout;
    private final int maxIdentities;
    private final boolean identitiesBoundToCertificates;
    private final long transientRetentionNanos;
    private final Map<String, PeerQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, RecentIds> recentIds = new ConcurrentHashMap<>();
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder messagesDropped = new LongAdder();
    private final LongAdder duplicatesDropped = new LongAdder();
    private final ScheduledExecutorService timer;
    private final StoreMirror stored;
    /** Where other nodes' identities are, if this node is part of a deployment (cluster-nats). */
    private volatile PeerRouter router;
    /** Identities whose queued messages are being forwarded to another node right now. */
    private final Set<String> forwarding = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SnakeMqPeer(Builder builder) {
        this.identity = Frames.cutIdentity(builder.identity);
        this.stored = new StoreMirror(identity, sequence::incrementAndGet);
        this.transport = Objects.requireNonNull(builder.transport, "transport");
        this.framing = Objects.requireNonNull(builder.framing, "framing");
        this.maxPacketBytes = builder.maxPacketBytes;
        this.acknowledgements = builder.acknowledgements;
        this.ackWindow = builder.ackWindow;
        this.maxQueuedMessages = builder.maxQueuedMessages;
        this.rememberedIds = builder.rememberedIds;
        this.keepaliveInterval = builder.keepaliveInterval;
        this.keepaliveWait = builder.keepaliveWait;
        this.identificationTimeout = builder.identificationTimeout;
        this.maxIdentities = builder.maxIdentities;
        this.identitiesBoundToCertificates = builder.identitiesBoundToCertificates;
        this.transientRetentionNanos = builder.transientRetention.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(Workers.named("snakemq-" + identity + "-timer", false));
        long sweepMillis = builder.sweepInterval.toMillis();
        timer.scheduleWithFixedDelay(this::sweepAbsentQueues, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        if (builder.store != null) {
            useStore(builder.store);
        }
    }

    public static Builder builder(String identity) {
        return new Builder(identity);
    }

    /** Our identity, as sent (at most 50 code points). */
    @Override
    public String identity() {
        return identity;
    }

    // --- endpoints

    /** Listens; connections accepted there carry messages both ways. */
    public Endpoint listen(EndpointSpec spec) {
        Endpoint endpoint = transport.listen(spec, channel -> setUp(channel, true));
        endpoints.add(endpoint);
        return endpoint;
    }

    /**
     * Connects to another peer and stays connected: after a refused attempt or any close the
     * connector tries again every {@code reconnectInterval}, until it is closed.
     */
    public AutoCloseable connect(ConnectSpec spec, Duration reconnectInterval) {
        Connector connector = new Connector(spec, reconnectInterval);
        connectors.add(connector);
        connector.attempt();
        return connector;
    }

    private void setUp(Channel channel, boolean accepted) {
        PeerLink link = new PeerLink(this, accepted);
        Expiry close = (ctx, reason) -> link.closeBecause(reason);
        // snakeMQ holds a silent connection forever; a connection costs a file descriptor, so one
        // that has not said who it is (TLS handshake included) within the timeout is closed.
        channel.pipeline().addLast("identification", new Deadline(identificationTimeout, "identification", close));
        framing.addTo(channel.pipeline(), maxPacketBytes);
        if (keepaliveInterval != null) {
            channel.pipeline().addLast("keepalive", new KeepAlive(keepaliveInterval, keepaliveWait,
                    alloc -> Frames.single(alloc, Frames.PING), close));
        }
        channel.pipeline().addLast("snakemq", link);
    }

    // --- routing across nodes

    /** Joins a deployment (or leaves it, with {@code null}): see {@link PeerRouter}. */
    public void setRouter(PeerRouter newRouter) {
        router = newRouter;
        announce();
    }

    private void announce() {
        PeerRouter current = router;
        if (current != null) {
            try {
                current.connectedHere(connectedPeers());
            } catch (RuntimeException e) {
                LOG.warn("peer {}: the router failed to take the connected identities", identity, e);
            }
        }
    }

    /**
     * Runs on the timer: messages queued here for identities that are away but connected to
     * another node go there, in order; the first that fails stops the rest, which stay queued.
     */
    private void forwardToOtherNodes() {
        PeerRouter current = router;
        if (current == null) {
            return;
        }
        for (PeerQueue queue : queues.values()) {
            if (queue.link() != null || queue.isEmpty() || forwarding.contains(queue.identity)) {
                continue;
            }
            String node = current.nodeOf(queue.identity);
            if (node == null || !forwarding.add(queue.identity)) {
                continue;
            }
            List<QueuedMessage> taken = new ArrayList<>();
            synchronized (queue) {
                if (queue.link() == null) {
                    queue.drainTo(taken, 1000);
                }
            }
            forwardInOrder(current, node, queue, taken, 0);
        }
    }

    private void forwardInOrder(PeerRouter current, String node, PeerQueue queue, List<QueuedMessage> taken, int next) {
        if (next == taken.size()) {
            forwarding.remove(queue.identity);
            return;
        }
        QueuedMessage queued = taken.get(next);
        PeerMessage remaining = queued.message.withTtl(queued.ttlNanos < 0 ? null : Duration.ofNanos(queued.ttlNanos));
        current.forward(node, queue.identity, remaining).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.debug("peer {}: forwarding what waits for '{}' to {} failed ({}); it stays queued here", identity,
                        Frames.cutIdentity(queue.identity), node, failure.toString());
                synchronized (queue) {
                    queue.returnToHead(taken.subList(next, taken.size()));
                }
                forwarding.remove(queue.identity);
                return;
            }
            stored.release(queue.identity, List.of(queued)); // the other node has it now
            forwardInOrder(current, node, queue, taken, next + 1);
        });
    }

    // --- listeners

    @Override
    public void addListener(PeerListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(PeerListener listener) {
        listeners.remove(listener);
    }

    // --- sending

    /**
     * Queues a message for {@code destination}; it is sent as soon as that identity is connected.
     * A message with a TTL of zero for a destination that is not connected right now is
     * discarded, as snakeMQ does. With a {@link PeerRouter}, a message for an identity that is
     * not connected here but is connected to another node goes to that node instead (queued here
     * if that fails).
     *
     * @return completes when the message is queued (here or on the node it went to), and for a
     *         persistent message (with a store) once it is durably stored
     * @throws QueueFullException if the destination's queue holds the configured maximum
     */
    @Override
    public CompletionStage<Void> send(String destination, PeerMessage message) {
        PeerRouter current = router;
        if (current != null && !closed && connection(destination) == null) {
            String node = current.nodeOf(destination);
            if (node != null) {
                return current.forward(node, destination, message).exceptionallyCompose(failure -> {
                    LOG.debug("peer {}: forwarding to '{}' on {} failed ({}); queued here", identity,
                            Frames.cutIdentity(destination), node, failure.toString());
                    return sendHere(destination, message);
                });
            }
        }
        return sendHere(destination, message);
    }

    /** Queues {@code message} here, never forwarded (what a router calls for messages it was handed). */
    @Override
    public CompletionStage<Void> sendHere(String destination, PeerMessage message) {
        if (closed) {
            throw new IllegalStateException("peer " + identity + " is closed");
        }
        PeerQueue queue = queue(destination, true);
        long ttlNanos = message.ttl() == null ? -1 : message.ttl().toNanos();
        PeerLink link = queue.link();
        if (ttlNanos == 0 && link == null) {
            return CompletableFuture.completedFuture(null);
        }
        // Held as persistent even without a store, so that a store bound later gets it.
        QueuedMessage queued = new QueuedMessage(message, ttlNanos, message.isPersistent() && ttlNanos != 0,
                sequence.incrementAndGet());
        StoreMirror.Kept kept = stored.keep(destination, queued);
        boolean accepted;
        while (!(accepted = queue.offer(queued, maxQueuedMessages)) && queue.isRetired()) {
            queue = queue(destination, false); // swept away meanwhile: the identity's new queue
        }
        if (!accepted) {
            stored.undo(destination, queued, kept);
            throw new QueueFullException("the queue for '" + destination + "' holds " + maxQueuedMessages
                    + " messages; not accepting more until it drains");
        }
        link = queue.link();
        if (link != null) {
            link.requestPump();
        }
        return kept.stored();
    }

    /**
     * The queue of {@code destination}, made if there is none. Identities come from the network
     * (a connection announces any name it likes), so new ones are refused once this peer keeps
     * queues for {@code maxIdentities}; queues of identities that are away and have nothing
     * waiting are swept away, so the table holds the identities that matter now.
     *
     * @throws QueueFullException if {@code enforceLimit} and the table is full
     */
    private PeerQueue queue(String destination, boolean enforceLimit) {
        PeerQueue existing = queues.get(destination);
        if (existing != null) {
            return existing;
        }
        if (enforceLimit && queues.size() >= maxIdentities) {
            throw new QueueFullException("peer " + identity + " keeps queues for " + maxIdentities
                    + " identities; not taking '" + Frames.cutIdentity(destination) + "' until some are gone");
        }
        return queues.computeIfAbsent(destination, name -> new PeerQueue(name, System.nanoTime()));
    }

    /**
     * Runs on the timer: drops what identities that are away can no longer receive (TTL used up;
     * non-persistent messages after the retention) and retires the queues left empty, with the
     * ids remembered for their redeliveries. Persistent messages stay queued and stored.
     */
    private void sweepAbsentQueues() {
        long now = System.nanoTime();
        try {
            forwardToOtherNodes();
            for (PeerQueue queue : queues.values()) {
                List<QueuedMessage> removed = queue.sweep(now, transientRetentionNanos);
                if (!removed.isEmpty()) {
                    dropped(queue.identity, removed);
                }
                // a queue whose messages are on their way to another node is not idle: a failure puts them back
                if (!forwarding.contains(queue.identity) && queue.retireIfIdle()) {
                    queues.remove(queue.identity, queue);
                    recentIds.remove(queue.identity);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("peer {}: sweeping the queues of absent identities failed", identity, e);
        }
    }

    private void dropped(String destination, List<QueuedMessage> messages) {
        messagesDropped.add(messages.size());
        stored.release(destination, messages);
        for (QueuedMessage message : messages) {
            for (PeerListener listener : listeners) {
                callSafely(() -> listener.dropped(destination, message.message), "dropped");
            }
        }
    }

    /** Identities this peer keeps a queue for now (connected, or away with messages waiting). */
    public int knownIdentities() {
        return queues.size();
    }

    /** Messages waiting for {@code destination} (not counting those in flight). */
    @Override
    public int queued(String destination) {
        PeerQueue queue = queues.get(destination);
        return queue == null ? 0 : queue.size();
    }

    /** Every destination this peer has a queue for, with the number of messages waiting in it. */
    @Override
    public Map<String, Integer> queueDepths() {
        Map<String, Integer> depths = new java.util.TreeMap<>();
        queues.forEach((identity, queue) -> depths.put(identity, queue.size()));
        return depths;
    }

    /** Counters since the peer started (a redelivery counts as sent again). */
    @Override
    public PeerStats stats() {
        return new PeerStats(messagesSent.sum(), messagesReceived.sum(), messagesDropped.sum(), duplicatesDropped.sum());
    }

    void countSent(int messages) {
        messagesSent.add(messages);
    }

    /** Identities currently connected. */
    @Override
    public Set<String> connectedPeers() {
        return queues.values().stream().filter(q -> q.link() != null).map(q -> q.identity)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The connection to {@code identity}, if it is connected. */
    @Override
    public PeerConnection connection(String identity) {
        PeerQueue queue = queues.get(identity);
        return queue == null ? null : queue.link();
    }

    // --- called by links

    boolean acknowledgements() {
        return acknowledgements;
    }

    int ackWindow() {
        return ackWindow;
    }

    boolean identitiesBoundToCertificates() {
        return identitiesBoundToCertificates;
    }

    /** Binds a connection to its announced identity; {@code null} if that identity is taken. */
    PeerQueue bind(PeerLink link, String remoteIdentity) {
        List<QueuedMessage> expired;
        PeerQueue queue;
        while (true) {
            queue = queue(remoteIdentity, true);
            synchronized (queue) {
                if (queue.isRetired()) {
                    continue; // swept away meanwhile
                }
                if (queue.link() != null) {
                    return null;
                }
                expired = queue.bind(link, System.nanoTime());
                break;
            }
        }
        LOG.info("{}: connected{}", link, link.acknowledged() ? " (acknowledged delivery)" : "");
        if (!expired.isEmpty()) {
            dropped(remoteIdentity, expired);
        }
        for (PeerListener listener : listeners) {
            callSafely(() -> listener.connected(link), "connected");
        }
        announce();
        return queue;
    }

    void unbind(PeerLink link, PeerQueue queue, List<QueuedMessage> unacknowledged) {
        synchronized (queue) {
            queue.returnToHead(unacknowledged);
            if (!queue.unbind(link, System.nanoTime())) {
                return;
            }
        }
        LOG.info("{}: disconnected{}", link,
                unacknowledged.isEmpty() ? "" : ", " + unacknowledged.size() + " unacknowledged messages queued again");
        for (PeerListener listener : listeners) {
            callSafely(() -> listener.disconnected(link), "disconnected");
        }
        announce();
    }

    void deliver(PeerLink from, PeerMessage message, boolean acknowledged) {
        if (acknowledged && !recentIds.computeIfAbsent(from.identity(), id -> new RecentIds(rememberedIds))
                .firstTime(message.id())) {
            duplicatesDropped.increment();
            return; // a redelivery of something the application already has
        }
        messagesReceived.increment();
        for (PeerListener listener : listeners) {
            callSafely(() -> listener.received(from, message), "received");
        }
    }

    /** Messages the destination has (acknowledged, or written without acknowledgements). */
    void delivered(String destination, List<QueuedMessage> messages) {
        stored.release(destination, messages);
    }


    private void callSafely(Runnable callback, String what) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("a peer listener failed in {}", what, e);
        }
    }

    // --- storage

    /**
     * Uses {@code newStore} from now on (or none). Messages the new store holds that this peer
     * does not are queued (a restart); persistent messages this peer holds are written to the
     * new store (a switch) and removed from the previous one, so a switch loses nothing.
     */
    public void useStore(MessageStore newStore) {
        stored.use(newStore, new StoreMirror.Queues() {
            @Override
            public void restore(String destination, QueuedMessage queued) {
                queue(destination, false).offer(queued, Integer.MAX_VALUE);
            }

            @Override
            public void restored(String destination) {
                PeerQueue queue = queues.get(destination);
                PeerLink link = queue == null ? null : queue.link();
                if (link != null) {
                    link.requestPump();
                }
            }
        });
    }

    /** Stops using {@code goingAway} if it is the current store. */
    public void storeGone(MessageStore goingAway) {
        stored.gone(goingAway);
    }

    // --- lifecycle

    /** Closes listeners, connectors and connections. Persistent messages stay in the store. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connectors.forEach(Connector::close);
        endpoints.forEach(Endpoint::close);
        for (PeerQueue queue : queues.values()) {
            PeerLink link = queue.link();
            if (link != null) {
                link.close();
            }
        }
        timer.shutdownNow();
    }

    /** Connects, and reconnects after every failure or close (every interval), until closed. */
    private final class Connector implements AutoCloseable {
        private final Redial redial;
        private volatile Channel channel;

        Connector(ConnectSpec spec, Duration interval) {
            this.redial = new Redial(() -> transport.connect(spec, connecting -> setUp(connecting, false)).thenApply(connected -> {
                channel = connected;
                if (redial().isClosed() || closed) {
                    connected.close();
                }
                CompletableFuture<Void> ended = new CompletableFuture<>();
                connected.closeFuture().addListener(closedFuture -> ended.complete(null));
                return ended;
            }), interval, interval, timer, failure -> LOG.debug("connector {}: {}; retrying in {} ms", spec.name(),
                    failure.getMessage(), interval.toMillis()));
        }

        private Redial redial() {
            return redial;
        }

        void attempt() {
            redial.start();
        }

        @Override
        public void close() {
            redial.close();
            connectors.remove(this);
            Channel current = channel;
            if (current != null) {
                current.close();
            }
        }
    }

    /** Ids of recently received messages from one identity, to drop redeliveries. */
    private static final class RecentIds {
        private final LinkedHashMap<UUID, Boolean> ids;

        RecentIds(int capacity) {
            ids = new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized boolean firstTime(UUID id) {
            return ids.put(id, Boolean.TRUE) == null;
        }
    }

    /** Settings of a peer. */
    public static final class Builder {
        private final String identity;
        private Transport transport;
        private Framing framing;
        private MessageStore store;
        private int maxPacketBytes = 16 << 20;
        private boolean acknowledgements;
        private int ackWindow = 8192;
        private int maxQueuedMessages = 1_000_000;
        private int rememberedIds = 100_000;
        private Duration keepaliveInterval;
        private Duration keepaliveWait = Duration.ofMillis(500);
        private Duration identificationTimeout = Duration.ofSeconds(5);
        private int maxIdentities = 10_000;
        private boolean identitiesBoundToCertificates;
        private Duration transientRetention = Duration.ofMinutes(10);
        private Duration sweepInterval = Duration.ofSeconds(1);

        private Builder(String identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
        }

        /** Where connections come from: the node's Transport service, or a {@code NettyTransport}. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** The packet framing: the {@code uint32-length} Framing service, or a {@code Uint32LengthFraming}. */
        public Builder framing(Framing framing) {
            this.framing = framing;
            return this;
        }

        /** Keeps persistent messages here while queued; without one they live in memory only. */
        public Builder store(MessageStore store) {
            this.store = store;
            return this;
        }

        /** Largest packet accepted; a peer announcing a larger one is disconnected. Default 16 MiB. */
        public Builder maxPacketBytes(int maxPacketBytes) {
            this.maxPacketBytes = maxPacketBytes;
            return this;
        }

        /** Acknowledged delivery with other Patchbay peers (off by default; Python peers are unaffected). */
        public Builder acknowledgements(boolean acknowledgements) {
            this.acknowledgements = acknowledgements;
            return this;
        }

        /** Most unacknowledged messages on one connection. Default 8192. */
        public Builder ackWindow(int ackWindow) {
            this.ackWindow = ackWindow;
            return this;
        }

        /** Most messages queued for one destination; further sends fail. Default 1,000,000. */
        public Builder maxQueuedMessages(int maxQueuedMessages) {
            this.maxQueuedMessages = maxQueuedMessages;
            return this;
        }

        /** How many message ids per sender are remembered to drop redeliveries. Default 100,000. */
        public Builder rememberedIds(int rememberedIds) {
            this.rememberedIds = rememberedIds;
            return this;
        }

        /** Ping a connection silent for {@code interval}; close it if no answer within {@code wait}. Off by default. */
        public Builder keepalive(Duration interval, Duration wait) {
            this.keepaliveInterval = interval;
            this.keepaliveWait = wait;
            return this;
        }

        /**
         * Close a connection whose peer has not identified itself (TLS handshake included) within
         * this time. Default 5 s; snakeMQ itself waits forever.
         */
        public Builder identificationTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("identification timeout must be positive");
            }
            this.identificationTimeout = timeout;
            return this;
        }

        /**
         * Most identities this peer keeps a queue for at once (connected, or away with messages
         * waiting); a connection announcing one more is closed, a send to one more fails. Default 10,000.
         */
        public Builder maxIdentities(int maxIdentities) {
            this.maxIdentities = maxIdentities;
            return this;
        }

        /**
         * How long non-persistent messages wait for an identity that is away; after that they are
         * dropped (as TTL drops do: counted, and told to the listeners). Persistent messages
         * wait as long as their TTL allows. Default 10 minutes; snakeMQ keeps them forever.
         */
        public Builder transientRetention(Duration retention) {
            this.transientRetention = retention;
            return this;
        }

        /**
         * Connections accepted by our listeners may only announce an identity their client
         * certificate names (subject CN, or a DNS, URI or e-mail alternative name); others are
         * closed. For listeners that require client certificates. Off by default (snakeMQ).
         */
        public Builder identitiesBoundToCertificates(boolean bound) {
            this.identitiesBoundToCertificates = bound;
            return this;
        }

        /** How often queues of absent identities are looked at. Default 1 s. */
        public Builder sweepInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("sweep interval must be positive");
            }
            this.sweepInterval = interval;
            return this;
        }

        public SnakeMqPeer build() {
            return new SnakeMqPeer(this);
        }
    }
}
