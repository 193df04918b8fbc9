package dev.patchbay.protocol.tpp;

import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.support.Deadline;
import dev.patchbay.support.Expiry;
import dev.patchbay.support.IdleClose;
import dev.patchbay.support.Workers;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleState;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TPP listener: transport endpoint, framing, {@link TppConnectionHandler}, and a bounded
 * worker pool for token checks and action handlers. Usable without OSGi.
 */
public final class TppServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TppServer.class);

    private final ThreadPoolExecutor workers;
    private final Endpoint endpoint;
    private final TppRequestProcessor processor;

    public TppServer(TppServerSettings settings, Transport transport, Framing framing,
                     Supplier<Authenticator> authenticator, TppActionRegistry actions) {
        this.workers = Workers.boundedPool("patchbay-tpp-" + settings.endpoint().name(), settings.workerThreads(),
                settings.workerThreads(), settings.maxQueuedRequests());
        this.processor = new TppRequestProcessor(authenticator, actions);
        try {
            this.endpoint = transport.listen(settings.endpoint(), channel -> {
                // A client may half-close after its request (or without one: toxiccore answers
                // that with code 1); the reply still has to reach it.
                channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                TppConnectionHandler tpp = new TppConnectionHandler(processor, workers, settings.idleTimeout());
                channel.pipeline().addLast("idle", new IdleClose(settings.idleTimeout(), IdleState.ALL_IDLE,
                        Expiry.logAndClose(LOG, "TPP")));
                channel.pipeline().addLast("request", new Deadline(settings.requestTimeout(), "complete request",
                        tpp::closeWithError));
                framing.addTo(channel.pipeline(), settings.maxFrameBytes());
                channel.pipeline().addLast("tpp", tpp);
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
