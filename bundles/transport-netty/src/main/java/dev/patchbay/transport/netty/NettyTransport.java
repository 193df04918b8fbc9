package dev.patchbay.transport.netty;

import dev.patchbay.api.throttle.BandwidthLimit;
import dev.patchbay.api.transport.ChannelSetup;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.api.transport.TransportException;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty implementation of {@link Transport}: one pool of I/O threads shared by every
 * listener and connector of the node. Listeners accept on these same threads: with one
 * connection per request (TPP) a separate acceptor thread costs a thread wake-up per connection,
 * which measured slower (docs/benchmarks.md).
 *
 * <p>Each new channel gets, in this order: the logging context, outbound backpressure (reading
 * pauses while too much is queued for the peer; see {@link OutboundBackpressure}), bandwidth
 * shaping (if the throttle sets a limit for the endpoint), TLS (if configured), then the caller's
 * handlers. Listeners refuse connections past the {@link ConnectionPolicy} limits before any
 * handler of the caller sees them.
 */
public final class NettyTransport implements Transport, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    static final String BANDWIDTH_HANDLER = "bandwidth";
    private static final long SHAPING_CHECK_INTERVAL_MS = 100;

    private final IoFlavor io;
    private final MultiThreadIoEventLoopGroup workers;
    private final Function<String, BandwidthLimit> bandwidthLimits;
    private final ConnectionPolicy policy;
    private final WriteBufferWaterMark waterMark;
    private final Set<Endpoint> endpoints = ConcurrentHashMap.newKeySet();
    /** Every open connection (accepted or connected) and the endpoint name its limits come from. */
    private final Map<Channel, String> openChannels = new ConcurrentHashMap<>();

    /**
     * @param ioThreads       I/O threads; 0 = one per CPU core
     * @param nativeIo        use native epoll when it is installed
     * @param bandwidthLimits per-endpoint limits, looked up when a connection opens; {@code null}
     *                        for none
     * @param policy          connection limits and outbound bounds of every endpoint
     */
    public NettyTransport(int ioThreads, boolean nativeIo, Function<String, BandwidthLimit> bandwidthLimits,
                          ConnectionPolicy policy) {
        this.io = IoFlavor.best(nativeIo);
        this.policy = policy;
        int high = policy.outboundHighWaterBytes();
        this.waterMark = new WriteBufferWaterMark(high / 2, high);
        int threads = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
        this.workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("patchbay-io", true),
                io.handlerFactory());
        this.bandwidthLimits = bandwidthLimits != null ? bandwidthLimits : endpoint -> BandwidthLimit.UNLIMITED;
        LOG.info("transport uses {} with {} I/O threads", io.name(), workers.executorCount());
    }

    public NettyTransport(int ioThreads, boolean nativeIo, Function<String, BandwidthLimit> bandwidthLimits) {
        this(ioThreads, nativeIo, bandwidthLimits, ConnectionPolicy.DEFAULT);
    }

    public NettyTransport(int ioThreads, Function<String, BandwidthLimit> bandwidthLimits) {
        this(ioThreads, true, bandwidthLimits);
    }

    /** A transport with {@code policy} instead of {@link ConnectionPolicy#DEFAULT}, no throttling. */
    public static NettyTransport withPolicy(int ioThreads, ConnectionPolicy policy) {
        return new NettyTransport(ioThreads, true, null, policy);
    }

    public NettyTransport() {
        this(0, endpoint -> BandwidthLimit.UNLIMITED);
    }

    @Override
    public Endpoint listen(EndpointSpec spec, ChannelSetup setup) {
        SslContext ssl = spec.isTls() ? TlsContexts.forServer(spec.name(), spec.tls()) : null;
        ChannelGroup connections = new DefaultChannelGroup(spec.name(), GlobalEventExecutor.INSTANCE);
        ByteCounter counter = new ByteCounter();
        ConnectionCaps caps = new ConnectionCaps(spec.name(), policy);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(workers)
                .channel(io.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (!caps.admit(channel)) {
                            channel.close();
                            return;
                        }
                        connections.add(channel);
                        channel.pipeline().addLast("bytes", counter);
                        addTransportHandlers(channel, spec.name(), ssl == null ? null : ssl.newHandler(channel.alloc()));
                        setup.initChannel(channel);
                    }
                });
        ChannelFuture bound = bootstrap.bind(spec.host(), spec.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new TransportException("endpoint " + spec.name() + ": cannot listen on " + spec.host() + ":"
                    + spec.port() + ": " + bound.cause().getMessage(), bound.cause());
        }
        NettyEndpoint[] self = new NettyEndpoint[1];
        self[0] = new NettyEndpoint(spec, bound.channel(), connections, counter, caps, () -> endpoints.remove(self[0]));
        endpoints.add(self[0]);
        LOG.info("endpoint {} listening on {}{}", spec.name(), bound.channel().localAddress(), spec.isTls() ? " (TLS)" : "");
        return self[0];
    }

    @Override
    public CompletionStage<Channel> connect(ConnectSpec spec, ChannelSetup setup) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        SslContext ssl;
        try {
            ssl = spec.isTls() ? TlsContexts.forClient(spec.name(), spec.tls()) : null;
        } catch (TransportException e) {
            result.completeExceptionally(e);
            return result;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(workers)
                .channel(io.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, spec.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        addTransportHandlers(channel, spec.name(),
                                ssl == null ? null : ssl.newHandler(channel.alloc(), spec.host(), spec.port()));
                        setup.initChannel(channel);
                    }
                });
        bootstrap.connect(spec.host(), spec.port()).addListener((ChannelFuture connected) -> {
            if (!connected.isSuccess()) {
                result.completeExceptionally(new TransportException("connection " + spec.name() + ": cannot connect to "
                        + spec.host() + ":" + spec.port() + ": " + connected.cause().getMessage(), connected.cause()));
                return;
            }
            SslHandler tls = connected.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                result.complete(connected.channel());
                return;
            }
            tls.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    result.complete(connected.channel());
                } else {
                    connected.channel().close();
                    result.completeExceptionally(new TransportException("connection " + spec.name()
                            + ": TLS handshake with " + spec.host() + ":" + spec.port() + " failed: "
                            + handshake.cause().getMessage(), handshake.cause()));
                }
            });
        });
        return result;
    }

    private void addTransportHandlers(Channel channel, String endpointName, SslHandler tls) {
        channel.pipeline().addFirst("log-context", new ConnectionLogContext(endpointName));
        channel.pipeline().addAfter("log-context", "backpressure", new OutboundBackpressure(policy.outboundStallTimeout()));
        openChannels.put(channel, endpointName);
        channel.closeFuture().addListener(closed -> openChannels.remove(channel));
        BandwidthLimit limit = bandwidthLimits.apply(endpointName);
        if (limit != null && !limit.isUnlimited()) {
            channel.pipeline().addLast(BANDWIDTH_HANDLER, shaper(channel, limit));
        }
        if (tls != null) {
            channel.pipeline().addLast("tls", tls);
            channel.pipeline().addLast("tls-failures", TlsFailureHandler.INSTANCE);
        }
    }

    @Override
    public Collection<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /**
     * Looks the limits of every open connection up again and applies them at once: a throttled
     * connection gets its new rates, an unthrottled one gets a shaper in front of everything
     * else in its pipeline. Shaping only delays reads and writes, so the byte stream is never
     * altered, whenever the change lands.
     */
    public void reapplyBandwidthLimits() {
        openChannels.forEach((channel, endpointName) -> {
            BandwidthLimit limit = bandwidthLimits.apply(endpointName);
            BandwidthLimit wanted = limit == null ? BandwidthLimit.UNLIMITED : limit;
            channel.eventLoop().execute(() -> {
                if (!channel.isOpen()) {
                    return;
                }
                ChannelTrafficShapingHandler shaper = (ChannelTrafficShapingHandler) channel.pipeline().get(BANDWIDTH_HANDLER);
                if (shaper != null) {
                    shaper.configure(wanted.writeBytesPerSecond(), wanted.readBytesPerSecond());
                    limitReadSize(channel, wanted);
                } else if (!wanted.isUnlimited()) {
                    // shaper() sets the read size too; a connection that stays unlimited is left alone
                    channel.pipeline().addFirst(BANDWIDTH_HANDLER, shaper(channel, wanted));
                }
            });
        });
    }

    private static ChannelTrafficShapingHandler shaper(Channel channel, BandwidthLimit limit) {
        limitReadSize(channel, limit);
        // A short check interval keeps bursts small: Netty computes the wait from each interval.
        return new ChannelTrafficShapingHandler(limit.writeBytesPerSecond(), limit.readBytesPerSecond(),
                SHAPING_CHECK_INTERVAL_MS);
    }

    /**
     * The read shaper can only pause reading between reads, and one event-loop turn may read a
     * megabyte; with a read limit, reads are cut to about 1/20 of a second's worth so that the
     * limit holds closely from the first second on.
     */
    private static void limitReadSize(Channel channel, BandwidthLimit limit) {
        if (limit.readBytesPerSecond() > 0) {
            int size = (int) Math.max(512, Math.min(64 * 1024, limit.readBytesPerSecond() / 20));
            channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(size).maxMessagesPerRead(1));
        } else {
            channel.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator());
        }
    }

    /** Closes every endpoint still open, then stops the event loops. */
    @Override
    public void close() {
        endpoints.forEach(Endpoint::close);
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
