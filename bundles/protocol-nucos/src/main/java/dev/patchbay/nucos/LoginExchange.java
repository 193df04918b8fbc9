package dev.patchbay.nucos;

import dev.patchbay.api.auth.ChallengeAuthenticator;
import dev.patchbay.nucos.wire.NucosCodec;
import dev.patchbay.support.RemoteAddresses;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one connection's login: {@code start_auth}, the {@code uid} answer, the
 * authenticator's challenge, the {@code signature}, its verification, {@code auth_final}. Each
 * answer has {@code login.timeout.ms}; authenticator calls (which may block) run on the server's
 * login pool and come back to the event loop; the connection holds a place among the logins in
 * progress (per address too) until the exchange ends. Event-loop confined.
 */
final class LoginExchange {

    /** What the exchange needs of its connection. */
    interface Connection {
        Channel channel();

        /** The login succeeded: the connection opens as {@code uid}. */
        void loggedIn(String uid);

        /** The login failed: the connection no longer accepts anything; the exchange closes it. */
        void closing();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);
    private static final byte[] START_AUTH = NucosCodec.encode("start_auth", "");
    private static final byte[] AUTH_FAILED = NucosCodec.encode("auth_final", "failed");
    /** Longest uid (and room name) accepted. */
    static final int MAX_NAME_LENGTH = 256;

    private enum Phase { AWAIT_UID, AWAIT_SIGNATURE, VERIFYING, DONE }

    private final NucosServer server;
    private final Connection connection;
    private final Channel channel;
    private Phase phase = Phase.AWAIT_UID;
    private volatile String claimed;
    private Object challenge;
    private ScheduledFuture<?> timer;
    private boolean countedAsPending;

    /** Log lines name the connection by its {@code toString}. */
    LoginExchange(NucosServer server, Connection connection) {
        this.server = server;
        this.connection = connection;
        this.channel = connection.channel();
    }

    /**
     * Takes a place among the logins in progress and asks for the uid.
     *
     * @return why the connection may not log in now, or {@code null} if the exchange started
     */
    String begin() {
        String ip = RemoteAddresses.ip(channel.remoteAddress());
        String refused = server.loginFailures.mayTry(ip, System.nanoTime())
                ? server.enterPendingLogin(RemoteAddresses.inet(channel.remoteAddress()))
                : "too many failed logins from " + ip + "; try again later";
        if (refused != null) {
            phase = Phase.DONE;
            return refused;
        }
        countedAsPending = true;
        channel.writeAndFlush(Unpooled.wrappedBuffer(START_AUTH), channel.voidPromise());
        armTimer("uid answer");
        return null;
    }

    /** The uid the client claimed, once it did (for log lines). */
    String claimedUid() {
        return claimed;
    }

    void onFrame(NucosMessage message) {
        switch (phase) {
            case AWAIT_UID -> onUid(message);
            case AWAIT_SIGNATURE -> onSignature(message);
            case VERIFYING -> LOG.debug("{} sent '{}' before its login finished; dropped", connection, NucosCodec.printable(message.event()));
            case DONE -> { }
        }
    }

    private void onUid(NucosMessage message) {
        if (!"uid".equals(message.event()) || !(message.content() instanceof String name)
                || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            fail("expected a 'uid' answer with a name of 1.." + MAX_NAME_LENGTH + " characters, got event '"
                    + NucosCodec.printable(message.event()) + "'");
            return;
        }
        claimed = name;
        ChallengeAuthenticator authenticator = server.authenticator();
        if (authenticator == null) {
            fail("no challenge authenticator is available");
            return;
        }
        phase = Phase.VERIFYING;
        armTimer("challenge from the authenticator");
        offEventLoop(() -> authenticator.challenge(name), issued -> {
            challenge = issued;
            phase = Phase.AWAIT_SIGNATURE;
            channel.writeAndFlush(Unpooled.wrappedBuffer(NucosCodec.encode("challenge_auth", issued)), channel.voidPromise());
            armTimer("signature answer");
        });
    }

    private void onSignature(NucosMessage message) {
        if (!"signature".equals(message.event())) {
            fail("expected a 'signature' answer, got event '" + NucosCodec.printable(message.event()) + "'");
            return;
        }
        ChallengeAuthenticator authenticator = server.authenticator();
        if (authenticator == null) {
            fail("no challenge authenticator is available");
            return;
        }
        phase = Phase.VERIFYING;
        armTimer("verification");
        String name = claimed;
        Object issued = challenge;
        String remote = String.valueOf(channel.remoteAddress());
        offEventLoop(() -> authenticator.verify(name, issued, message.content(), remote), result -> {
            if (result.accepted()) {
                end();
                connection.loggedIn(name);
            } else {
                fail(result.reason());
            }
        });
    }

    /** Runs an authenticator call on the login pool (it may block), then continues on the event loop. */
    private <T> void offEventLoop(Callable<T> work, Consumer<T> then) {
        try {
            server.authWorkers.execute(() -> {
                try {
                    T value = work.call();
                    channel.eventLoop().execute(() -> {
                        if (phase == Phase.VERIFYING && channel.isActive()) {
                            then.accept(value);
                        }
                    });
                } catch (Exception | LinkageError e) {
                    LOG.warn("{} authenticator failed", connection, e);
                    channel.eventLoop().execute(() -> fail("the authenticator failed: " + e));
                }
            });
        } catch (RejectedExecutionException e) {
            fail("too many logins are being verified");
        }
    }

    /** Ends the exchange with {@code auth_final failed} and a close; counted against the address. */
    void fail(String reason) {
        if (phase == Phase.DONE) {
            return;
        }
        end();
        connection.closing();
        server.failedLogins.increment();
        server.loginFailures.failed(RemoteAddresses.ip(channel.remoteAddress()), System.nanoTime());
        LOG.info("{} login failed: {}", connection, reason);
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(AUTH_FAILED)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The connection closed or the exchange ended: its timer and its place among logins in progress go. */
    void end() {
        phase = Phase.DONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (countedAsPending) {
            countedAsPending = false;
            server.leavePendingLogin(RemoteAddresses.inet(channel.remoteAddress()));
        }
    }

    private void armTimer(String awaited) {
        if (timer != null) {
            timer.cancel(false);
        }
        long millis = server.loginTimeout.toMillis();
        timer = channel.eventLoop().schedule(() -> fail("no " + awaited + " within " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
    }
}
