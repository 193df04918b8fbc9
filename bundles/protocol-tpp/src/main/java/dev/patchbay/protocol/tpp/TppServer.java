package dev.patchbay.protocol.tpp;

import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.support.Workers;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A TPP listener: transport endpoint, framing, {@link TppConnectionHandler}, and a bounded
 * worker pool for token checks and action handlers. Usable without OSGi.
 */
public final class TppServer implements AutoCloseable {

    private final ThreadPoolExecutor workers;
    private final Endpoint endpoint;
    private final TppRequestProcessor processor;

    public TppServer(TppServerSettings settings, Transport transport, Framing framing,
                     Supplier<Authenticator> authenticator, TppActionRegistry actions) {
        this.workers = Workers.boundedPool("patchbay-tpp-" + settings.endpoint().name(), settings.workerThreads(),
                settings.workerThreads(), settings.maxQueuedRequests());
        this.processor = new TppRequestProcessor(authenticator, actions);
        long idleMillis = settings.idleTimeout().toMillis();
        try {
            this.endpoint = transport.listen(settings.endpoint(), channel -> {
                // A client may half-close after its request (or without one: toxiccore answers
                // that with code 1); the reply still has to reach it.
                channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                channel.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
                framing.addTo(channel.pipeline(), settings.maxFrameBytes());
                channel.pipeline().addLast("tpp", new TppConnectionHandler(processor, workers,
                        settings.requestTimeout(), settings.idleTimeout()));
            });
        } catch (RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Requests answered, by action and code. */
    public TppRequestCounts requestCounts() {
        return processor.counts();
    }

    /** Stops listening, closes connections and waits briefly for running handlers. */
    @Override
    public void close() {
        endpoint.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
