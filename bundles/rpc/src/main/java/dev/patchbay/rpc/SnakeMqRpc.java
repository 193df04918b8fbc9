package dev.patchbay.rpc;

import dev.patchbay.api.metrics.LatencyHistogram;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.rpc.codec.PyException;
import dev.patchbay.rpc.codec.RpcCodec;
import dev.patchbay.rpc.codec.RpcReply;
import dev.patchbay.rpc.codec.RpcRequest;
import dev.patchbay.support.LatencyBuckets;
import dev.patchbay.support.LogThrottle;
import dev.patchbay.support.Workers;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RPC on a {@link PeerMessaging}, as snakeMQ's {@code RpcServer} and {@code RpcClient} together.
 *
 * <p>Server: objects registered by name answer calls from any connected peer; public methods
 * only (never {@link Object}'s), chosen by name and argument count, arguments fitted to the
 * parameter types. A method's exception goes back as a Python exception a Python caller can
 * import ({@code builtins.ValueError} for {@link IllegalArgumentException}, ...), with the Java
 * stack trace as the remote traceback. Requests run on a bounded worker pool, never on I/O
 * threads.
 *
 * <p>Client: {@link #call} blocks until the reply, the timeout, or a remote exception; like
 * snakeMQ it sends the identical request again whenever the server's identity reconnects
 * before the reply came, so a call survives a reconnect (and may run twice on a plain snakeMQ
 * server; Patchbay servers can {@link Builder#deduplicate drop such repeats}). At most
 * {@link Builder#maxCallsInFlight} calls wait at once.
 */
public final class SnakeMqRpc implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnakeMqRpc.class);
    private static final Object IN_PROGRESS = new Object();

    private final PeerMessaging peer;
    private final RpcCodec codec;
    private final Duration defaultTimeout;
    private final Semaphore callSlots;
    private final int maxCallsInFlight;
    private final boolean deduplicate;
    private final Map<String, Registered> objects = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, PendingCall> pending = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, Object> recentRequests;
    private final ThreadPoolExecutor workers;
    private final SecureRandom random = new SecureRandom();
    private final PeerListener listener = new Listener();
    private final LongAdder rejectedMessages = new LongAdder();
    private final LongAdder servedCalls = new LongAdder();
    private final LongAdder failedCalls = new LongAdder();
    private final LongAdder servedSignals = new LongAdder();
    private final LatencyBuckets servedTimes = new LatencyBuckets();
    private final LogThrottle rejections = new LogThrottle(TimeUnit.SECONDS.toNanos(10));
    private final LogThrottle malformedMessages = new LogThrottle(TimeUnit.SECONDS.toNanos(10));
    private final Invoker invoker = new Invoker();

    /** An object served by name; {@code mayBlock == false}: its methods run on the I/O thread. */
    private record Registered(Object target, boolean mayBlock) {
    }

    /** JSON requests up to this size are decoded on the I/O thread, to see where they should run. */
    private static final int INLINE_DECODE_LIMIT = 16 * 1024;

    private record PendingCall(String peer, byte[] request, CompletableFuture<RpcReply> reply, AtomicInteger sends) {
    }

    private SnakeMqRpc(Builder builder) {
        this.peer = builder.peer;
        this.codec = builder.codec;
        this.defaultTimeout = builder.defaultTimeout;
        this.maxCallsInFlight = builder.maxCallsInFlight;
        this.callSlots = new Semaphore(builder.maxCallsInFlight);
        this.deduplicate = builder.deduplicate;
        int rememberedRequests = builder.rememberedRequests;
        this.recentRequests = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Object> eldest) {
                return size() > rememberedRequests;
            }
        };
        this.workers = Workers.boundedPool("rpc-" + peer.identity(), builder.workerThreads, builder.workerThreads,
                builder.maxQueuedRequests);
        peer.addListener(listener);
    }

    public static Builder builder(PeerMessaging peer) {
        return new Builder(peer);
    }

    // --- server side

    /** Makes {@code target}'s public methods callable as {@code name}; replaces what was there. */
    public void register(String name, Object target) {
        register(name, target, true);
    }

    /**
     * As {@link #register(String, Object)}; {@code mayBlock == false} promises that the methods
     * return within microseconds and never block, so calls run on the I/O thread that received
     * them, saving two thread hand-offs per call.
     */
    public void register(String name, Object target, boolean mayBlock) {
        objects.put(Objects.requireNonNull(name, "name"), new Registered(Objects.requireNonNull(target, "target"), mayBlock));
    }

    /** Removes {@code name} if it is still {@code target}; later calls get snakemq.rpc.NoInstanceError. */
    public boolean unregister(String name, Object target) {
        Registered current = objects.get(name);
        return current != null && current.target() == target && objects.remove(name, current);
    }

    public void unregister(String name) {
        objects.remove(name);
    }

    // --- client side

    /** Calls with the default timeout. */
    public Object call(String peerIdentity, String object, String method, Object... args) {
        return call(peerIdentity, object, method, defaultTimeout, args);
    }

    /**
     * Calls {@code object.method(args)} on the peer {@code peerIdentity} and waits for the result.
     *
     * @throws RemoteException     the remote method raised, or the object or method does not exist
     * @throws RpcTimeoutException no reply within {@code timeout}
     * @throws RpcException        too many calls in flight, or the call was interrupted
     */
    public Object call(String peerIdentity, String object, String method, Duration timeout, Object... args) {
        return call(peerIdentity, object, method, timeout, Arrays.asList(args), Map.of());
    }

    /**
     * Calls {@code object.method(*args, **kwargs)}, as a Python caller may: keyword arguments
     * name the method's parameters (a Java server needs its classes compiled with
     * {@code -parameters}).
     */
    public Object call(String peerIdentity, String object, String method, Duration timeout, List<Object> args,
                       Map<String, Object> kwargs) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!callSlots.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new RpcException(maxCallsInFlight + " calls are already waiting for replies");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted", e);
        }
        byte[] reqId = new byte[16];
        random.nextBytes(reqId);
        ByteBuffer key = ByteBuffer.wrap(reqId);
        byte[] request = codec.encode(new RpcRequest(RpcRequest.CALL, object, method, args, kwargs, reqId));
        PendingCall call = new PendingCall(peerIdentity, request, new CompletableFuture<>(), new AtomicInteger());
        pending.put(key, call);
        try {
            if (peer.connection(peerIdentity) != null) {
                send(call);
            }
            RpcReply reply = call.reply().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (reply.ok()) {
                return reply.value();
            }
            throw new RemoteException(reply.exceptionType(), reply.exceptionMessage(), reply.traceback());
        } catch (TimeoutException e) {
            boolean sent = call.sends().get() > 0;
            throw new RpcTimeoutException((sent ? "no reply from '" : "'") + peerIdentity + (sent ? "'" : "' was not connected")
                    + " within " + timeout.toMillis() + " ms calling " + object + "." + method, sent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted", e);
        } catch (ExecutionException e) {
            throw new RpcException("call failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pending.remove(key);
            callSlots.release();
        }
    }

    /**
     * Sends a signal: {@code object.method(args)} runs on the peer, nothing comes back. It waits
     * up to {@code ttl} for the peer to be connected (snakeMQ's signal timeout); 0 = only if
     * connected now.
     */
    public void signal(String peerIdentity, String object, String method, Duration ttl, Object... args) {
        byte[] request = codec.encode(new RpcRequest(RpcRequest.SIGNAL, object, method, Arrays.asList(args), Map.of(), null));
        peer.send(peerIdentity, new PeerMessage(UUID.randomUUID(), request, ttl, 0));
    }

    /**
     * A typed proxy: each interface method calls the method of the same name on the remote
     * object with the default timeout, and fits the result to the declared return type.
     */
    public <T> T proxy(String peerIdentity, String object, Class<T> type) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "RPC proxy of " + object + " at " + peerIdentity;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            Object result = call(peerIdentity, object, method.getName(), defaultTimeout, args == null ? new Object[0] : args);
            if (method.getReturnType() == void.class) {
                return null;
            }
            Object fitted = Coercion.fit(result, method.getReturnType());
            if (fitted == Coercion.MISMATCH) {
                throw new RpcException(object + "." + method.getName() + " returned " + result
                        + ", which is not a " + method.getReturnType().getSimpleName());
            }
            return fitted;
        });
        return type.cast(proxy);
    }

    private void send(PendingCall call) {
        call.sends().incrementAndGet();
        // TTL 0, as snakeMQ: a request is only worth sending to a connected server; after a
        // reconnect it is sent again.
        peer.send(call.peer(), new PeerMessage(UUID.randomUUID(), call.request(), Duration.ZERO, 0));
    }

    // --- inbound

    private final class Listener implements PeerListener {
        @Override
        public void connected(PeerConnection connection) {
            for (PendingCall call : pending.values()) {
                if (call.peer().equals(connection.identity()) && !call.reply().isDone()) {
                    send(call);
                }
            }
        }

        @Override
        public void received(PeerConnection from, PeerMessage message) {
            byte[] data = message.data();
            String caller = from.identity();
            RpcCodec requestCodec = RpcCodec.ofRequest(data);
            if (requestCodec != null) {
                // A pickle is a program whose cost its size does not tell (issue 14.2): it is only
                // ever read on a worker. Small JSON requests are read here, to serve objects that
                // never block without two thread hand-offs.
                if (requestCodec == RpcCodec.JSON && data.length <= INLINE_DECODE_LIMIT) {
                    RpcRequest request = decode(caller, requestCodec, data);
                    if (request == null) {
                        return;
                    }
                    Registered registered = objects.get(request.object());
                    if (registered != null && !registered.mayBlock()) {
                        serve(caller, requestCodec, request);
                    } else {
                        onWorker(caller, () -> serve(caller, requestCodec, request), request);
                    }
                } else {
                    onWorker(caller, () -> {
                        RpcRequest request = decode(caller, requestCodec, data);
                        if (request != null) {
                            serve(caller, requestCodec, request);
                        }
                    }, null);
                }
                return;
            }
            RpcCodec replyCodec = RpcCodec.ofReply(data);
            if (replyCodec != null) {
                onWorker(caller, () -> complete(caller, replyCodec, data), null);
            }
        }
    }

    private void complete(String from, RpcCodec replyCodec, byte[] data) {
        try {
            RpcReply reply = replyCodec.decodeReply(data);
            PendingCall call = reply.reqId() == null ? null : pending.get(ByteBuffer.wrap(reply.reqId()));
            if (call != null) {
                call.reply().complete(reply);
            } else {
                LOG.debug("RPC reply from {} for a call no longer waiting", from);
            }
        } catch (IllegalArgumentException e) {
            malformed(from, "reply", e);
        }
    }

    /**
     * Runs {@code work} on the bounded pool. When every worker is busy and the queue is full the
     * message is refused: a call already decoded (JSON) is answered with a RuntimeError at once;
     * otherwise the caller's own timeout ends its wait. Refusals are counted and logged at most
     * every 10 s.
     */
    private void onWorker(String caller, Runnable work, RpcRequest decoded) {
        try {
            workers.execute(work);
        } catch (RejectedExecutionException busy) {
            rejectedMessages.increment();
            long count = rejections.occurred(System.nanoTime());
            if (count > 0) {
                LOG.warn("{} RPC message(s) refused, the last from {}: all {} workers are busy and {} messages wait",
                        count, caller, workers.getMaximumPoolSize(), workers.getQueue().size());
            }
            if (decoded != null && decoded.isCall() && decoded.reqId() != null) {
                reply(caller, RpcCodec.JSON.encode(RpcReply.raising(decoded.reqId(), new PyException("builtins",
                        "RuntimeError", "server busy: every RPC worker is taken; try again"), "")));
            }
        }
    }

    /** RPC messages refused because the worker pool and its queue were full. */
    public long rejectedMessages() {
        return rejectedMessages.sum();
    }

    /** What this RPC served: calls answered (by outcome), signals run, messages refused. */
    public List<MetricValue> metrics() {
        Map<String, String> labels = Map.of("peer", peer.identity());
        return List.of(
                MetricValue.counter("patchbay_rpc_calls_total", "Calls served, by outcome (error: the reply raises)",
                        Map.of("peer", peer.identity(), "outcome", "ok"), servedCalls.sum()),
                MetricValue.counter("patchbay_rpc_calls_total", "Calls served, by outcome (error: the reply raises)",
                        Map.of("peer", peer.identity(), "outcome", "error"), failedCalls.sum()),
                MetricValue.counter("patchbay_rpc_signals_total", "Signals run", labels, servedSignals.sum()),
                MetricValue.counter("patchbay_rpc_rejected_messages_total",
                        "RPC messages refused (malformed, over budget, workers busy)", labels, rejectedMessages.sum()));
    }

    /** How long served calls took, from decoded request to reply ready (the method's own time included). */
    public List<LatencyHistogram> latencies() {
        LatencyHistogram histogram = servedTimes.snapshot("patchbay_rpc_call", "Calls served, from decoded request to reply",
                Map.of("peer", peer.identity()));
        return histogram == null ? List.of() : List.of(histogram);
    }

    private RpcRequest decode(String caller, RpcCodec codec, byte[] data) {
        try {
            return codec.decodeRequest(data);
        } catch (IllegalArgumentException e) {
            // No request id to answer to: a Python server would crash here; we log and go on.
            malformed(caller, "request", e);
            return null;
        }
    }

    /** A peer can send any number of these: a warning at most every 10 s, the others at debug. */
    private void malformed(String from, String what, IllegalArgumentException e) {
        long count = malformedMessages.occurred(System.nanoTime());
        if (count > 0) {
            LOG.warn("malformed RPC {} from {}: {} ({} malformed since the last such line)", what, from, e.getMessage(), count);
        } else {
            LOG.debug("malformed RPC {} from {}: {}", what, from, e.getMessage());
        }
    }

    private void serve(String caller, RpcCodec requestCodec, RpcRequest request) {
        boolean call = request.isCall() && request.reqId() != null;
        if (!call && !RpcRequest.SIGNAL.equals(request.command())) {
            LOG.debug("RPC command '{}' from {} ignored", request.command(), caller);
            return;
        }
        ByteBuffer key = call ? ByteBuffer.wrap(request.reqId()) : null;
        if (call && deduplicate) {
            Object earlier;
            synchronized (recentRequests) {
                earlier = recentRequests.putIfAbsent(key, IN_PROGRESS);
            }
            if (earlier instanceof byte[] reply) {
                reply(caller, reply); // a retry of a finished call: the same answer, not a second run
                return;
            }
            if (earlier == IN_PROGRESS) {
                return; // still running; its reply will come
            }
        }
        long started = System.nanoTime();
        RpcReply reply = invoke(request, caller);
        if (!call) {
            servedSignals.increment();
            return;
        }
        servedTimes.record(System.nanoTime() - started);
        (reply.ok() ? servedCalls : failedCalls).increment();
        byte[] encoded = requestCodec.encode(reply);
        if (deduplicate) {
            synchronized (recentRequests) {
                recentRequests.put(key, encoded);
            }
        }
        reply(caller, encoded);
    }

    private void reply(String caller, byte[] encoded) {
        peer.send(caller, new PeerMessage(UUID.randomUUID(), encoded, Duration.ZERO, 0));
    }

    private RpcReply invoke(RpcRequest request, String caller) {
        Registered registered = objects.get(request.object());
        return invoker.invoke(registered == null ? null : registered.target(), request, caller);
    }

    /** Stops serving and calling; calls still waiting fail. Does not close the peer. */
    @Override
    public void close() {
        peer.removeListener(listener);
        workers.shutdownNow();
        pending.values().forEach(call -> call.reply().completeExceptionally(new RpcException("RPC closed")));
    }

    /** Settings. */
    public static final class Builder {
        private final PeerMessaging peer;
        private RpcCodec codec = RpcCodec.PICKLE;
        private Duration defaultTimeout = Duration.ofSeconds(30);
        private int maxCallsInFlight = 10_000;
        private boolean deduplicate;
        private int rememberedRequests = 10_000;
        private int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int maxQueuedRequests = 10_000;

        private Builder(PeerMessaging peer) {
            this.peer = Objects.requireNonNull(peer, "peer");
        }

        /** How our calls are encoded: PICKLE (any snakeMQ peer, the default) or JSON (Patchbay peers). */
        public Builder codec(RpcCodec codec) {
            this.codec = codec;
            return this;
        }

        /** Timeout of {@link #call(String, String, String, Object...)} and of proxies. Default 30 s. */
        public Builder defaultTimeout(Duration defaultTimeout) {
            this.defaultTimeout = defaultTimeout;
            return this;
        }

        /** Calls waiting for replies at once; more wait for a slot within their timeout. Default 10,000. */
        public Builder maxCallsInFlight(int maxCallsInFlight) {
            this.maxCallsInFlight = maxCallsInFlight;
            return this;
        }

        /**
         * Serve a repeated request (same request id, as a client sends after a reconnect) from
         * the remembered reply instead of running the method again. Off by default: snakeMQ runs
         * it again, and a Python client expects nothing else.
         */
        public Builder deduplicate(boolean deduplicate) {
            this.deduplicate = deduplicate;
            return this;
        }

        /** How many finished requests deduplication remembers. Default 10,000. */
        public Builder rememberedRequests(int rememberedRequests) {
            this.rememberedRequests = rememberedRequests;
            return this;
        }

        /** Threads running incoming requests. Default 2 × cores, at least 4. */
        public Builder workerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
            return this;
        }

        /** Requests waiting for a worker before new ones are dropped (and logged). Default 10,000. */
        public Builder maxQueuedRequests(int maxQueuedRequests) {
            this.maxQueuedRequests = maxQueuedRequests;
            return this;
        }

        public SnakeMqRpc build() {
            return new SnakeMqRpc(this);
        }
    }
}
