package dev.patchbay.nucos;

import dev.patchbay.nucos.wire.NucosCodec;
import dev.patchbay.nucos.wire.NucosFrameException;
import dev.patchbay.support.ConnectionFailure;
import dev.patchbay.support.Outbox;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One connection of a {@link NucosClient}: the login answers, then dispatch to the callbacks. */
final class ClientSession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final byte[] THANKS = NucosCodec.encode("thanks", "i am in");
    private static final byte[] PONG = NucosCodec.encode("pong", "");
    private static final byte[] SHUTDOWN_NOW = NucosCodec.encode("shutdown", "now");
    private static final byte[] SHUTDOWN_CONFIRMED = NucosCodec.encode("shutdown", "confirmed");

    private enum State { CONNECTING, AWAIT_START, AWAIT_CHALLENGE, AWAIT_RESULT, OPEN, CLOSING }

    private final NucosClient client;
    private final Outbox outbox;
    private final CompletableFuture<NucosClient> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private Channel channel;
    private Pings pings;
    private ScheduledFuture<?> loginTimer;
    private volatile State state = State.CONNECTING;

    ClientSession(NucosClient client) {
        this.client = client;
        this.outbox = new Outbox(null, client.outboxBytes, true);
    }

    ClientSession attach(Channel connection) {
        this.channel = connection;
        this.pings = new Pings(connection);
        outbox.attach(connection);
        return this;
    }

    void connectFailed(Throwable failure) {
        state = State.CLOSING;
        ready.completeExceptionally(failure);
        closed.complete(null);
    }

    CompletionStage<NucosClient> ready() {
        return ready;
    }

    CompletionStage<Void> closed() {
        return closed;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (client.signer == null) {
            open();
        } else {
            state = State.AWAIT_START;
            long millis = client.loginTimeout.toMillis();
            loginTimer = channel.eventLoop().schedule(
                    () -> loginFailed("no login result within " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    private void open() {
        state = State.OPEN;
        if (loginTimer != null) {
            loginTimer.cancel(false);
        }
        outbox.resume();
        ready.complete(client);
    }

    private void loginFailed(String reason) {
        if (state == State.OPEN || state == State.CLOSING) {
            return;
        }
        state = State.CLOSING;
        LOG.info("{} login failed: {}", this, reason);
        ready.completeExceptionally(new NucosLoginException(reason));
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (loginTimer != null) {
            loginTimer.cancel(false);
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(new NucosLoginException("the server closed the connection during the login"));
        }
        state = State.CLOSING;
        pings.failAll();
        closed.complete(null);
        LOG.debug("{} closed", this);
        ctx.fireChannelInactive();
    }

    /** The outbox drains itself when the channel becomes writable again, and empties as it closes. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addBefore(ctx.name(), "outbox", outbox);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionFailure.logClosed(LOG, this, cause);
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] payload = Frames.take(msg);
        if (state == State.CLOSING) {
            return;
        }
        NucosMessage message;
        try {
            message = NucosCodec.decode(payload);
        } catch (NucosFrameException e) {
            LOG.warn("{} dropped an invalid frame: {}", this, e.getMessage());
            return;
        }
        if (message.hasRoom()) {
            if (NucosCodec.CONTROL_EVENTS.contains(message.event())) {
                LOG.debug("{} ignored control event '{}' inside room '{}'", this,
                        NucosCodec.printable(message.event()), NucosCodec.printable(message.room()));
            } else if (state == State.OPEN) {
                client.callbacks.dispatch(message);
            }
            return;
        }
        switch (message.event()) {
            case "start_auth" -> {
                if (state == State.AWAIT_START) {
                    state = State.AWAIT_CHALLENGE;
                    writeNow(NucosCodec.encode("uid", client.uid));
                } else if (client.signer == null && state == State.OPEN) {
                    LOG.warn("{} the server asks for a login and this client has no credentials", this);
                    channel.close();
                }
            }
            case "challenge_auth" -> {
                if (state == State.AWAIT_CHALLENGE) {
                    state = State.AWAIT_RESULT;
                    writeNow(NucosCodec.encode("signature", client.signer.apply(message.content())));
                }
            }
            case "auth_final" -> {
                if (state == State.AWAIT_RESULT) {
                    if ("success".equals(message.content())) {
                        writeNow(THANKS);
                        LOG.debug("{} logged in", this);
                        open();
                    } else {
                        loginFailed("the server refused the login");
                    }
                }
            }
            case "ping" -> writeNow(PONG);
            case "pong" -> pings.pongReceived();
            case "shutdown" -> {
                state = State.CLOSING;
                if ("confirmed".equals(message.content())) {
                    channel.close();
                } else {
                    LOG.info("{} the server closes the connection", this);
                    channel.writeAndFlush(Unpooled.wrappedBuffer(SHUTDOWN_CONFIRMED)).addListener(ChannelFutureListener.CLOSE);
                }
            }
            default -> {
                if (state == State.OPEN) {
                    client.callbacks.dispatch(message);
                }
            }
        }
    }

    private void writeNow(byte[] frame) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(frame), channel.voidPromise());
    }

    boolean offer(byte[] frame) {
        return state != State.CLOSING && outbox.offer(frame);
    }

    CompletionStage<Duration> ping(Duration timeout) {
        if (pings == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected yet"));
        }
        return pings.ping(timeout);
    }

    void shutdown() {
        Channel connection = channel;
        if (connection == null) {
            return;
        }
        connection.eventLoop().execute(() -> {
            if (!connection.isActive()) {
                return;
            }
            boolean loggedIn = state == State.OPEN;
            state = State.CLOSING;
            if (loggedIn) {
                outbox.drainAll();
                connection.writeAndFlush(Unpooled.wrappedBuffer(SHUTDOWN_NOW)).addListener(ChannelFutureListener.CLOSE);
            } else {
                connection.close();
            }
        });
    }

    @Override
    public String toString() {
        return "nucos-client[" + (channel == null ? "-" : channel.id().asShortText()) + " "
                + (client.uid.isEmpty() ? NucosServer.ANONYMOUS : client.uid) + "->"
                + (channel == null ? "?" : channel.remoteAddress()) + "]";
    }
}
