package dev.patchbay.nucos;

import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.broker.RoomSubscriber;
import dev.patchbay.nucos.wire.NucosCodec;
import dev.patchbay.nucos.wire.NucosFrameException;
import dev.patchbay.support.ConnectionFailure;
import dev.patchbay.support.Outbox;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of a {@link NucosServer}: its {@link LoginExchange}, then the dispatch of
 * its frames, and its membership in rooms. Runs on the channel's event loop, except
 * {@link #deliver} and the send methods, which any thread may call.
 */
final class ServerSession extends ChannelInboundHandlerAdapter implements RoomSubscriber, LoginExchange.Connection {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);
    private static final byte[] AUTH_SUCCESS = NucosCodec.encode("auth_final", "success");
    private static final byte[] PONG = NucosCodec.encode("pong", "");
    private static final byte[] SHUTDOWN_NOW = NucosCodec.encode("shutdown", "now");
    private static final byte[] SHUTDOWN_CONFIRMED = NucosCodec.encode("shutdown", "confirmed");
    private static final Function<RoomMessage, byte[]> RELAY_ENCODING =
            message -> NucosCodec.encode(message.event(), message.content(), message.room(), "");
    private static final Function<RoomMessage, byte[]> RELAY_ENCODING_WITH_SENDER =
            message -> NucosCodec.encode(message.event(), message.content(), message.room(), message.sender());

    private enum State { LOGIN, OPEN, CLOSING }

    private final NucosServer server;
    private final Channel channel;
    private final Outbox outbox;
    private final Pings pings;
    private final String id;
    private final String encodingFormat;
    private final Function<RoomMessage, byte[]> encoding;
    private final LoginExchange login;
    private volatile State state = State.LOGIN;
    private volatile String uid;
    private boolean admitted;
    /** The client's {@code thanks} that ends its login is still to come (it is not an event for callbacks). */
    private boolean awaitingThanks;
    private int badFrames;

    ServerSession(NucosServer server, Channel channel) {
        this.server = server;
        this.channel = channel;
        this.outbox = new Outbox(channel, server.outboxBytes, false);
        this.pings = new Pings(channel);
        this.id = channel.id().asShortText();
        this.encodingFormat = server.relaySender ? "nucos+from" : "nucos";
        this.encoding = server.relaySender ? RELAY_ENCODING_WITH_SENDER : RELAY_ENCODING;
        this.login = new LoginExchange(server, this);
    }

    // --- lifecycle

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(256 << 10, 1 << 20));
        if (!server.admit(this)) {
            refusedLoudly("the server takes no more connections");
            state = State.CLOSING;
            ctx.close();
            return;
        }
        admitted = true;
        if (server.authenticationRequired()) {
            String refused = login.begin();
            if (refused != null) {
                refusedLoudly(refused);
                state = State.CLOSING;
                ctx.close();
                return;
            }
        } else {
            uid = NucosServer.ANONYMOUS;
            state = State.OPEN;
            LOG.debug("{} connected without login", this);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        login.end();
        state = State.CLOSING;
        pings.failAll();
        if (admitted) {
            server.gone(this);
        }
        if (server.broker != null) {
            server.broker.unsubscribeAll(this);
        }
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
        state = State.CLOSING;
        ctx.close();
    }

    // --- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] payload = Frames.take(msg);
        State now = state;
        if (now == State.CLOSING) {
            return;
        }
        NucosMessage message;
        try {
            message = NucosCodec.decode(payload);
        } catch (NucosFrameException e) {
            badFrame(e.getMessage());
            return;
        }
        if (now == State.LOGIN) {
            login.onFrame(message);
        } else {
            dispatch(message);
        }
    }

    private void badFrame(String reason) {
        server.badFrames.increment();
        if (state != State.OPEN) {
            login.fail("invalid frame: " + reason);
            return;
        }
        badFrames++;
        if (badFrames > server.maxBadFrames) {
            LOG.warn("{} closed: more than {} invalid frames, the last: {}", this, server.maxBadFrames, reason);
            state = State.CLOSING;
            channel.close();
        } else {
            LOG.warn("{} dropped an invalid frame: {}", this, reason);
        }
    }

    // --- login (the exchange itself is LoginExchange's)

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public void closing() {
        state = State.CLOSING;
    }

    @Override
    public void loggedIn(String loggedIn) {
        uid = loggedIn;
        state = State.OPEN;
        ServerSession previous = server.loggedIn(uid, this);
        if (previous != null && previous != this) {
            LOG.info("{} replaces the earlier login of '{}' ({})", this, uid, previous.id);
            previous.shutdown("replaced by a new login of the same uid");
        }
        if (server.broker != null) {
            // The private room holds its owner only: anyone who joined a room of that name leaves it.
            for (RoomSubscriber member : server.broker.members(uid)) {
                if (member != this) {
                    server.broker.unsubscribe(uid, member);
                }
            }
            server.broker.subscribe(uid, this);
        }
        awaitingThanks = true;
        writeNow(AUTH_SUCCESS);
        LOG.info("{} logged in", this);
    }




    /** A refusal any peer can repeat at will: a warning at most every 10 s, the rest at debug. */
    private void refusedLoudly(String reason) {
        long count = server.refusals.occurred(System.nanoTime());
        if (count > 0) {
            LOG.warn("{} refused: {} ({} connection(s) refused since the last such line)", this, reason, count);
        } else {
            LOG.debug("{} refused: {}", this, reason);
        }
    }


    // --- dispatch after login

    private void dispatch(NucosMessage received) {
        if (awaitingThanks) {
            awaitingThanks = false;
            if ("thanks".equals(received.event()) && !received.hasRoom()) {
                return; // the last step of the login, not a message
            }
        }
        server.messagesIn.increment();
        // The server names the sender; a "from" the client wrote itself means nothing.
        NucosMessage message = new NucosMessage(received.event(), received.content(), received.room(), uid);
        if (message.hasRoom()) {
            relay(message);
            return;
        }
        switch (message.event()) {
            case "shutdown" -> {
                state = State.CLOSING;
                if ("confirmed".equals(message.content())) {
                    channel.close();
                } else {
                    channel.writeAndFlush(Unpooled.wrappedBuffer(SHUTDOWN_CONFIRMED)).addListener(ChannelFutureListener.CLOSE);
                }
            }
            case "ping" -> writeNow(PONG);
            case "pong" -> pings.pongReceived();
            case "subscripe" -> subscribe(message.content());
            case "unsubscripe" -> unsubscribe(message.content());
            default -> server.callbacks.dispatch(message);
        }
    }

    private void relay(NucosMessage message) {
        if (server.broker == null) {
            refuse(message, "this server has no rooms");
        } else if (NucosCodec.CONTROL_EVENTS.contains(message.event())) {
            refuse(message, "control events are not relayed");
        } else if (!server.broker.isMember(message.room(), this)) {
            refuse(message, "not a member of the room");
        } else {
            server.broker.publish(new RoomMessage(message.room(), message.event(), message.content(), uid));
            server.callbacks.dispatch(message);
        }
    }

    private void refuse(NucosMessage message, String reason) {
        server.refusedPublishes.increment();
        if (server.broker != null) {
            server.broker.publishRefused(message.room());
        }
        LOG.debug("{} may not publish '{}' into room '{}': {}", this, NucosCodec.printable(message.event()),
                NucosCodec.printable(message.room()), reason);
    }

    private void subscribe(Object content) {
        if (server.broker == null) {
            LOG.debug("{} asked for a room on a server without rooms", this);
        } else if (!(content instanceof String room) || room.isEmpty() || room.length() > LoginExchange.MAX_NAME_LENGTH) {
            LOG.debug("{} sent 'subscripe' without a room name of 1..{} characters", this, LoginExchange.MAX_NAME_LENGTH);
        } else if (server.isPrivateRoomOfAnother(room, uid)) {
            server.refusedJoins.increment();
            LOG.debug("{} may not join '{}': the private room of another user", this, NucosCodec.printable(room));
        } else if (!server.broker.isMember(room, this) && server.broker.roomsOf(this) >= server.maxRoomsPerConnection) {
            server.refusedJoins.increment();
            LOG.debug("{} may not join '{}': it is in {} rooms already", this, NucosCodec.printable(room),
                    server.maxRoomsPerConnection);
        } else {
            server.broker.subscribe(room, this);
        }
    }

    private void unsubscribe(Object content) {
        if (server.broker != null && content instanceof String room && !room.equals(uid)) {
            server.broker.unsubscribe(room, this);
        }
    }

    // --- outbound

    private void writeNow(byte[] frame) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(frame), channel.voidPromise());
    }

    @Override
    public boolean deliver(RoomMessage message) {
        return offer(message.encoded(encodingFormat, encoding));
    }

    boolean sendDirect(byte[] frame) {
        return offer(frame);
    }

    private boolean offer(byte[] frame) {
        if (state == State.CLOSING) {
            return false;
        }
        if (outbox.offer(frame)) {
            return true;
        }
        if (server.slowSubscriberPolicy == SlowSubscriberPolicy.DISCONNECT) {
            channel.eventLoop().execute(() -> {
                if (state != State.CLOSING) {
                    state = State.CLOSING;
                    server.slowDisconnects.increment();
                    LOG.warn("{} closed: slow reader, more than {} bytes waiting for it", this, server.outboxBytes);
                    outbox.clear();
                    channel.close();
                }
            });
        }
        return false;
    }

    CompletionStage<Duration> ping(Duration timeout) {
        return pings.ping(timeout);
    }

    /** Writes what is queued, then {@code shutdown}/{@code now}, then closes. Any thread. */
    void shutdown(String reason) {
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                return;
            }
            LOG.info("{} closing: {}", this, reason);
            state = State.CLOSING;
            login.end(); // a login under way ends here, not as a failed one
            outbox.drainAll();
            channel.writeAndFlush(Unpooled.wrappedBuffer(SHUTDOWN_NOW)).addListener(ChannelFutureListener.CLOSE);
        });
    }

    // --- state

    boolean isOpen() {
        return state == State.OPEN;
    }

    String uid() {
        return uid;
    }

    @Override
    public String name() {
        return (uid == null ? "?" : uid) + "#" + id;
    }

    @Override
    public int pendingMessages() {
        return outbox.pendingFrames();
    }

    NucosServer.ClientInfo info() {
        return new NucosServer.ClientInfo(uid == null ? "" : uid, id, String.valueOf(channel.remoteAddress()),
                state == State.OPEN, outbox.pendingFrames());
    }

    /** Connection id, uid and address: the prefix of every log line about this connection. */
    @Override
    public String toString() {
        String name = uid != null ? uid : login.claimedUid();
        return "nucos[" + id + " " + (name == null ? "?" : name) + "@" + channel.remoteAddress() + "]";
    }
}
