package dev.patchbay.httpqueue;

import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.metrics.LatencyHistogram;
import dev.patchbay.api.metrics.LatencySource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.support.IdleClose;
import dev.patchbay.support.Workers;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scirocco-compatible HTTP queue: Netty's HTTP/1.1 codec (keep-alive, bounded request line,
 * headers and body, idle connections closed), the {@link HttpQueueService} on worker threads
 * (batched when the store commits batches, see {@link RequestDispatcher}),
 * and a timer that hands unacked messages back after the visibility timeout (dead after
 * {@code maxTries} pulls). Usable without OSGi.
 */
public final class HttpQueueServer implements LatencySource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpQueueServer.class);

    private final Transport transport;
    private final HttpQueueService service;
    private final HttpQueueService.Settings settings;
    private final RequestDispatcher dispatcher;
    private final TokenCheckingInbox inbox;
    private final RequestTimes times = new RequestTimes();
    private final ScheduledExecutorService timer;
    private final Duration idleTimeout;
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();

    public HttpQueueServer(Transport transport, StoreSwitch stores, Supplier<Authenticator> authenticator,
                           HttpQueueService.Settings settings, int workerThreads, Duration visibilityTimeout, int maxTries,
                           Duration idleTimeout) {
        this.transport = Objects.requireNonNull(transport);
        this.settings = settings;
        this.idleTimeout = idleTimeout;
        Clock clock = Clock.systemUTC();
        this.service = new HttpQueueService(stores, authenticator, settings, clock::instant);
        this.dispatcher = new RequestDispatcher(service::handleAll, stores::commitsBatches, service::commitDeferred,
                workerThreads, 10_000);
        this.inbox = new TokenCheckingInbox(dispatcher, authenticator, 2, 1024);
        this.timer = Executors.newSingleThreadScheduledExecutor(Workers.named("http-queue-requeue", false));
        long period = Math.max(100, Math.min(5000, visibilityTimeout.toMillis() / 4));
        timer.scheduleWithFixedDelay(() -> {
            try {
                int changed = stores.with(store -> store.requeueExpired(clock.instant(), visibilityTimeout, maxTries));
                if (changed > 0) {
                    LOG.info("{} unacknowledged message(s) handed back (pending again, or dead after {} tries)", changed, maxTries);
                }
            } catch (RuntimeException e) {
                LOG.warn("requeueing unacknowledged messages failed: {}", e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    public Endpoint listen(EndpointSpec spec) {
        Endpoint endpoint = transport.listen(spec, this::setUp);
        endpoints.add(endpoint);
        return endpoint;
    }

    private void setUp(Channel channel) {
        addHandlers(channel.pipeline(), inbox, times, settings.maxBodyBytes(), idleTimeout);
    }

    /** The HTTP pipeline of a connection: bounded codec and aggregation, idle close, the queue. */
    static void addHandlers(ChannelPipeline pipeline, RequestInbox inbox, RequestTimes times, int maxBodyBytes,
                            Duration idleTimeout) {
        pipeline.addLast("http", new HttpServerCodec(4096, 16 << 10, 64 << 10));
        pipeline.addLast("aggregate", new BoundedAggregator(maxBodyBytes));
        pipeline.addLast("idle", new IdleClose(idleTimeout, IdleState.READER_IDLE, (ctx, reason) -> {
            LOG.debug("http-queue[{}] closed: {}", ctx.channel().id().asShortText(), reason);
            ctx.close();
        }));
        pipeline.addLast("queue", new HttpQueueHandler(inbox, times));
    }

    /** Answer times per route (push, pull, ack, messages, other). */
    @Override
    public List<LatencyHistogram> latencies() {
        return times.snapshot();
    }

    /** Requests answered, by route and status, labelled with {@code endpoint}. */
    public List<MetricValue> answerCounts(String endpoint) {
        return times.answerCounts(endpoint);
    }

    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    @Override
    public void close() {
        endpoints.forEach(Endpoint::close);
        endpoints.clear();
        timer.shutdownNow();
        inbox.close();
        dispatcher.close();
    }

    /** Refuses bodies above the largest limit with scirocco's JSON 413, without buffering them. */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        BoundedAggregator(int maxBytes) {
            super(maxBytes);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            byte[] body = "{\"message\": \"request entity too large\"}".getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpQueueResponse.JSON);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (oversized instanceof FullHttpMessage || !HttpUtil.isKeepAlive(oversized)) {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                // keep-alive: the aggregator discards the rest of the body, so the client (still
                // sending it) reads this answer instead of a reset
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
        }
    }
}
