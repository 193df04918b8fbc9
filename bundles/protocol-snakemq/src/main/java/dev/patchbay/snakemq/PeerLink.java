package dev.patchbay.snakemq;

import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.QueueFullException;
import dev.patchbay.snakemq.wire.Frames;
import dev.patchbay.support.ConnectionFailure;
import dev.patchbay.support.Deadline;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One snakeMQ connection: writes our handshake, reads the other side's frames, binds its
 * identity in the peer, delivers its messages, and pumps the destination queue into the
 * channel while it is writable. All fields are confined to the channel's event loop except
 * {@link #pumpScheduled}.
 *
 * <p>Decisions follow snakeMQ (spec §4.6): the same frames close the connection, the same ones
 * are ignored. Unlike snakeMQ, nothing a peer sends after a frame that closes the connection is
 * looked at.
 */
final class PeerLink extends ChannelInboundHandlerAdapter implements PeerConnection {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    private static final int PUMP_BATCH = 256;
    private static final int MAX_IDS_PER_ACK = 4096;

    private final SnakeMqPeer peer;
    private final boolean accepted;
    private final Map<UUID, QueuedMessage> inFlight = new LinkedHashMap<>();
    private final List<UUID> pendingAcks = new ArrayList<>();
    private final List<QueuedMessage> batch = new ArrayList<>(PUMP_BATCH);
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private Channel channel;
    private PeerQueue queue;
    private volatile String identity;
    private int remoteFeatures;
    private boolean acknowledged;
    private boolean closing;
    private boolean flushAtReadComplete;
    /** A pump is running on the event loop: a nested request must not run another one inside it. */
    private boolean pumping;

    PeerLink(SnakeMqPeer peer, boolean accepted) {
        this.peer = peer;
        this.accepted = accepted;
    }

    // --- PeerConnection

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public boolean accepted() {
        return accepted;
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            return List.of();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return Arrays.stream(chain).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }

    @Override
    public boolean acknowledged() {
        return acknowledged;
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "connection " + (channel == null ? "?" : channel.id().asShortText()) + " to "
                + (identity == null ? "an unidentified peer" : "'" + identity + "'")
                + (channel == null ? "" : " at " + channel.remoteAddress());
    }

    // --- handshake

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            writeHandshake(ctx);
        } else {
            // snakeMQ writes its handshake only once TLS is up on its side.
            tls.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    writeHandshake(ctx);
                }
            });
        }
        ctx.fireChannelActive();
    }

    private void writeHandshake(ChannelHandlerContext ctx) {
        ByteBufAllocator alloc = ctx.alloc();
        ctx.write(Frames.protocolVersion(alloc), ctx.voidPromise());
        if (peer.acknowledgements()) {
            // Before IDENTIFICATION, so that the other side knows by the time it binds us.
            ctx.write(Frames.features(alloc, Frames.FEATURE_ACKS), ctx.voidPromise());
        }
        ctx.writeAndFlush(Frames.identification(alloc, peer.identity()), ctx.voidPromise());
    }

    // --- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf packet = (ByteBuf) msg;
        try {
            if (closing) {
                return;
            }
            int type = packet.readUnsignedByte();
            switch (type) {
                case Frames.PROTOCOL_VERSION -> onVersion(ctx, packet);
                case Frames.INCOMPATIBLE_PROTOCOL ->
                        LOG.warn("{}: the peer says our protocol version is incompatible", this);
                case Frames.IDENTIFICATION -> onIdentification(packet);
                case Frames.MESSAGE -> onMessage(packet);
                case Frames.PING -> answerPing(ctx);
                case Frames.PATCHBAY_FEATURES -> onFeatures(packet);
                case Frames.PATCHBAY_ACK -> onAck(packet);
                default -> {
                    // PONG, and frame types we do not know: ignored, as snakeMQ does.
                }
            }
        } finally {
            ReferenceCountUtil.release(packet);
        }
    }

    /**
     * PONG, unless bytes for the peer are already waiting (the channel is past its high-water
     * mark): any packet it reads clears its outstanding PING, so a further PONG adds nothing but
     * memory (an outbound entry of ~100 bytes per 5-byte PING of a peer that sends without reading).
     */
    private void answerPing(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.write(Frames.single(ctx.alloc(), Frames.PONG), ctx.voidPromise());
            flushAtReadComplete = true;
        }
    }

    private void onVersion(ChannelHandlerContext ctx, ByteBuf packet) {
        if (packet.readableBytes() != 4) {
            closeBecause("protocol version frame of " + packet.readableBytes() + " bytes instead of 4");
            return;
        }
        long version = packet.readUnsignedInt();
        if (version != Frames.VERSION) {
            closing = true;
            LOG.info("{}: closing, incompatible protocol version {}", this, version);
            ctx.writeAndFlush(Frames.single(ctx.alloc(), Frames.INCOMPATIBLE_PROTOCOL))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void onFeatures(ByteBuf packet) {
        if (identity == null && packet.readableBytes() >= Frames.FEATURES_MAGIC.length + 4) {
            byte[] magic = new byte[Frames.FEATURES_MAGIC.length];
            packet.readBytes(magic);
            if (Arrays.equals(magic, Frames.FEATURES_MAGIC)) {
                remoteFeatures = packet.readInt();
            }
        }
    }

    private void onIdentification(ByteBuf packet) {
        if (identity != null) {
            return; // later identifications are ignored, as snakeMQ does
        }
        // Invalid UTF-8 becomes replacement characters, as in snakeMQ.
        String announced = packet.toString(StandardCharsets.UTF_8);
        if (accepted && peer.identitiesBoundToCertificates()) {
            String mismatch = CertificateIdentity.mismatch(announced, peerCertificates());
            if (mismatch != null) {
                closeBecause(mismatch);
                return;
            }
        }
        acknowledged = peer.acknowledgements() && (remoteFeatures & Frames.FEATURE_ACKS) != 0;
        identity = announced;
        PeerQueue bound;
        try {
            bound = peer.bind(this, announced);
        } catch (QueueFullException tooManyIdentities) {
            identity = null;
            closeBecause(tooManyIdentities.getMessage());
            return;
        }
        if (bound == null) {
            identity = null;
            closeBecause("identity '" + announced + "' is already connected");
            return;
        }
        queue = bound;
        Deadline.met(channel.pipeline());
        requestPump();
    }

    private void onMessage(ByteBuf packet) {
        if (identity == null) {
            closeBecause("message before identification");
            return;
        }
        if (packet.readableBytes() < Frames.MESSAGE_HEADER_BYTES - 1) {
            closeBecause("message frame of " + (packet.readableBytes() + 1) + " bytes is shorter than its header");
            return;
        }
        UUID id = new UUID(packet.readLong(), packet.readLong());
        long ttl = packet.readUnsignedInt();
        int flags = packet.readInt();
        byte[] data = new byte[packet.readableBytes()];
        packet.readBytes(data);
        PeerMessage message = new PeerMessage(id, data, ttl == Frames.TTL_INFINITE ? null : Duration.ofSeconds(ttl), flags);
        peer.deliver(this, message, acknowledged);
        if (acknowledged) {
            pendingAcks.add(id);
        }
    }

    private void onAck(ByteBuf packet) {
        if (!acknowledged) {
            return;
        }
        List<QueuedMessage> delivered = new ArrayList<>(packet.readableBytes() / 16);
        while (packet.readableBytes() >= 16) {
            QueuedMessage message = inFlight.remove(new UUID(packet.readLong(), packet.readLong()));
            if (message != null) {
                delivered.add(message);
            }
        }
        peer.delivered(identity, delivered);
        requestPump();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!pendingAcks.isEmpty() && !closing) {
            for (int from = 0; from < pendingAcks.size(); from += MAX_IDS_PER_ACK) {
                ctx.write(Frames.ack(ctx.alloc(), pendingAcks.subList(from, Math.min(pendingAcks.size(), from + MAX_IDS_PER_ACK))),
                        ctx.voidPromise());
            }
            pendingAcks.clear();
            flushAtReadComplete = true;
        }
        if (flushAtReadComplete) {
            flushAtReadComplete = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    // --- outbound

    /**
     * Asks the event loop to write queued messages; cheap to call often, from any thread. On the
     * event loop itself (a reply sent from a listener callback) it writes at once, saving a task
     * hand-off and a wake-up per message.
     */
    void requestPump() {
        if (channel != null && pumpScheduled.compareAndSet(false, true)) {
            if (channel.eventLoop().inEventLoop() && !pumping) {
                pump();
            } else {
                channel.eventLoop().execute(this::pump);
            }
        }
    }

    private void pump() {
        pumpScheduled.set(false);
        if (queue == null || closing || !channel.isActive()) {
            return;
        }
        pumping = true;
        try {
            pumpBatches();
        } finally {
            pumping = false;
        }
    }

    private void pumpBatches() {
        int window = peer.ackWindow();
        int written = 0;
        while (channel.isWritable() && (!acknowledged || inFlight.size() < window)) {
            int room = acknowledged ? Math.min(PUMP_BATCH, window - inFlight.size()) : PUMP_BATCH;
            queue.drainTo(batch, room);
            if (batch.isEmpty()) {
                break;
            }
            for (QueuedMessage queued : batch) {
                write(queued);
            }
            peer.countSent(batch.size());
            written += batch.size();
            batch.clear();
            if (written >= 8 * PUMP_BATCH) {
                break; // let reads and other channels on this loop have their turn
            }
        }
        if (written > 0) {
            channel.flush();
        }
        if (written >= 8 * PUMP_BATCH && !queue.isEmpty()) {
            requestPump();
        }
    }

    private void write(QueuedMessage queued) {
        PeerMessage message = queued.message;
        ByteBuf frame = Frames.message(channel.alloc(), message.id(), Frames.wireTtl(queued.ttlNanos), message.flags(),
                message.data());
        if (acknowledged) {
            inFlight.put(message.id(), queued);
            channel.write(frame, channel.voidPromise());
        } else if (queued.stored) {
            // Without acknowledgements a message leaves storage once written to the socket,
            // as in snakeMQ: at most once.
            ChannelPromise written = channel.newPromise();
            String destination = identity;
            written.addListener(done -> {
                if (done.isSuccess()) {
                    peer.delivered(destination, List.of(queued));
                }
            });
            channel.write(frame, written);
        } else {
            channel.write(frame, channel.voidPromise());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            requestPump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    // --- keep-alive, errors, close

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionFailure failure = ConnectionFailure.of(cause);
        if (failure.kind() == ConnectionFailure.Kind.BAD_INPUT) {
            closeBecause(failure.reason());
        } else {
            failure.log(LOG, this, cause);
            ctx.close();
        }
    }

    /** Closes the connection with the reason logged (also what its deadline and keep-alive do). */
    void closeBecause(String reason) {
        closing = true;
        channel.config().setAutoRead(false);
        LOG.info("{}: closing, {}", this, reason);
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (queue != null) {
            List<QueuedMessage> unacknowledged = new ArrayList<>(inFlight.values());
            inFlight.clear();
            peer.unbind(this, queue, unacknowledged);
            queue = null;
        }
        ctx.fireChannelInactive();
    }
}
