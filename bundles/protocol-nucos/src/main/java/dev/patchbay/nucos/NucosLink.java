package dev.patchbay.nucos;

import dev.patchbay.api.auth.ChallengeAuthenticator;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.nucos.wire.NucosCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * nucosMQ's one-to-one link: one side {@link #bind}s, the other {@link #connect}s, and both send
 * events to each other over the same wire protocol as server and client (login optional).
 *
 * <p>Unlike nucosMQ's, the bind side serves one peer at a time rather than one in its whole
 * life: when the peer leaves, the next one may connect; a second peer while one is connected is
 * closed at once.
 */
public final class NucosLink implements AutoCloseable {

    private final NucosServer server;
    private final Endpoint endpoint;
    private final NucosClient client;

    private NucosLink(NucosServer server, Endpoint endpoint, NucosClient client) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = client;
    }

    /**
     * The listening side.
     *
     * @param authenticator checks the peer's login; {@code null}: no login
     */
    public static NucosLink bind(Transport transport, Framing framing, EndpointSpec spec, ChallengeAuthenticator authenticator) {
        NucosServer server = NucosServer.builder().transport(transport).framing(framing)
                .authenticator(authenticator).authenticationRequired(authenticator != null)
                .maxConnections(1).build();
        try {
            return new NucosLink(server, server.listen(spec), null);
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
        NucosLink link = new NucosLink(null, null, client);
        return client.connect(spec).thenApply(connected -> link);
    }

    /** @return {@code false} if no peer is linked or its buffer is full */
    public boolean send(String event, Object content) {
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

    @Override
    public void close() {
        if (client != null) {
            client.close();
        } else {
            server.close();
        }
    }
}
