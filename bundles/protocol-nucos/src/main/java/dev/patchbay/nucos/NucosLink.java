package dev.patchbay.nucos;

import dev.patchbay.api.auth.ChallengeAuthenticator;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.nucos.wire.NucosCodec;
import dev.patchbay.support.Redial;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nucosMQ's one-to-one link: one side {@link #bind}s, the other {@link #connect}s, and both send
 * events to each other over the same wire protocol as server and client (login optional).
 *
 * <p>Unlike nucosMQ's, the bind side serves one peer at a time rather than one in its whole
 * life: when the peer leaves, the next one may connect; a second peer while one is connected is
 * closed at once. A side made with {@link #dial} connects again, with a growing delay, whenever
 * the link is lost, until closed.
 */
public final class NucosLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NucosLink.class);
    /** The longest wait between two attempts of a dialing side. */
    static final Duration MAX_REDIAL_DELAY = Duration.ofSeconds(30);

    private final NucosServer server;
    private final Endpoint endpoint;
    private final NucosClient client;
    private final Redial redial;

    private NucosLink(NucosServer server, Endpoint endpoint, NucosClient client, Redial redial) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = client;
        this.redial = redial;
    }

    /**
     * The listening side.
     *
     * @param authenticator checks the peer's login; {@code null}: no login
     */
    public static NucosLink bind(Transport transport, Framing framing, EndpointSpec spec, ChallengeAuthenticator authenticator) {
        return bind(transport, framing, spec, authenticator, authenticator != null, 1 << 20);
    }

    /**
     * The listening side, with the login required even before an authenticator is set (no peer
     * gets in until {@link #setAuthenticator}), and a frame limit.
     */
    public static NucosLink bind(Transport transport, Framing framing, EndpointSpec spec, ChallengeAuthenticator authenticator,
                                 boolean authenticationRequired, int maxFrameBytes) {
        NucosServer server = NucosServer.builder().transport(transport).framing(framing)
                .authenticator(authenticator).authenticationRequired(authenticationRequired)
                .maxFrameBytes(maxFrameBytes).maxConnections(1).build();
        try {
            return new NucosLink(server, server.listen(spec), null, null);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * The connecting side; completes once linked (and logged in, with a signer).
     *
     * @param signer answers the bind side's challenge (see {@link ChallengeSigners}); {@code null}: no login
     */
    public static CompletionStage<NucosLink> connect(Transport transport, Framing framing, ConnectSpec spec,
                                                     String uid, Function<Object, Object> signer) {
        NucosClient.Builder builder = NucosClient.builder().transport(transport).framing(framing);
        if (signer != null) {
            builder.login(uid, signer);
        }
        NucosClient client = builder.build();
        NucosLink link = new NucosLink(null, null, client, null);
        return client.connect(spec).thenApply(connected -> link);
    }

    /**
     * The connecting side, kept up: returns at once and connects (and logs in) in the
     * background; whenever the connection fails or ends it tries again after {@code retryDelay},
     * doubling up to {@link #MAX_REDIAL_DELAY} while attempts keep failing. {@link #send}
     * returns {@code false} while the link is down.
     */
    public static NucosLink dial(Transport transport, Framing framing, ConnectSpec spec, String uid,
                                 Function<Object, Object> signer, int maxFrameBytes, Duration retryDelay) {
        NucosClient.Builder builder = NucosClient.builder().transport(transport).framing(framing).maxFrameBytes(maxFrameBytes);
        if (signer != null) {
            builder.login(uid, signer);
        }
        NucosClient client = builder.build();
        Redial redial = new Redial(() -> client.connect(spec).thenApply(connected -> {
            LOG.info("nucosMQ link to {}:{} is up", spec.host(), spec.port());
            return client.closeFuture().whenComplete((ended, error) ->
                    LOG.info("nucosMQ link to {}:{} ended", spec.host(), spec.port()));
        }), retryDelay, MAX_REDIAL_DELAY, null, failure -> logFailure(spec, failure));
        NucosLink link = new NucosLink(null, null, client, redial);
        redial.start();
        return link;
    }

    private static void logFailure(ConnectSpec spec, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof NucosLoginException) {
            LOG.warn("nucosMQ link to {}:{}: login refused ({}); trying again", spec.host(), spec.port(), cause.getMessage());
        } else {
            LOG.info("nucosMQ link to {}:{} failed ({}); trying again", spec.host(), spec.port(), cause.toString());
        }
    }

    /** Replaces the bind side's login check (the next login uses it). */
    public void setAuthenticator(ChallengeAuthenticator authenticator) {
        if (server == null) {
            throw new IllegalStateException("only the bind side checks logins");
        }
        server.setAuthenticator(authenticator);
    }

    /** @return {@code false} if no peer is linked or its buffer is full */
    public boolean send(String event, Object content) {
        if (redial != null) {
            // a dialing side does not queue for a link that is down: the next connection starts afresh
            return client.isConnected() && client.send(event, content);
        }
        if (client != null) {
            return client.send(event, content);
        }
        ServerSession peer = server.anyOpenSession();
        return peer != null && peer.sendDirect(NucosCodec.encode(event, content));
    }

    public CompletionStage<Duration> ping(Duration timeout) {
        if (client != null) {
            return client.ping(timeout);
        }
        ServerSession peer = server.anyOpenSession();
        return peer == null ? CompletableFuture.failedFuture(new IllegalStateException("no peer is linked")) : peer.ping(timeout);
    }

    public AutoCloseable onAll(NucosCallback callback) {
        return client != null ? client.onAll(callback) : server.onAll(callback);
    }

    public AutoCloseable onEvent(String event, NucosCallback callback) {
        return client != null ? client.onEvent(event, callback) : server.onEvent(event, callback);
    }

    public boolean isConnected() {
        return client != null ? client.isConnected() : server.anyOpenSession() != null;
    }

    /** The bind side's listener (its port when bound to 0); {@code null} on the connecting side. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** A dialing side's attempts: how many connections were made since it was created. */
    public long connections() {
        return redial == null ? (isConnected() ? 1 : 0) : redial.connections();
    }

    @Override
    public void close() {
        if (redial != null) {
            redial.close();
        }
        if (client != null) {
            client.close();
        } else {
            server.close();
        }
    }
}
