package dev.patchbay.snakemq.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.UUID;

/**
 * The snakeMQ messaging frames (the body of one packet; the framing adds the length), plus
 * Patchbay's two extension frames. snakeMQ ignores frame types it does not know, so the
 * extensions are invisible to a Python peer.
 */
public final class Frames {

    public static final int PROTOCOL_VERSION = 0;
    public static final int INCOMPATIBLE_PROTOCOL = 1;
    public static final int IDENTIFICATION = 2;
    public static final int MESSAGE = 3;
    public static final int PING = 4;
    public static final int PONG = 5;

    /** Patchbay: "I speak these extensions" ({@code "patchbay"} + uint32 feature bits), sent before IDENTIFICATION. */
    public static final int PATCHBAY_FEATURES = 0x50;
    /** Patchbay: "I have these messages" (16-byte message ids, any number). */
    public static final int PATCHBAY_ACK = 0x51;

    public static final int FEATURE_ACKS = 0x1;
    public static final byte[] FEATURES_MAGIC = "patchbay".getBytes(StandardCharsets.US_ASCII);

    public static final int VERSION = 1;
    /** TTL value meaning "never expires". */
    public static final long TTL_INFINITE = 0xFFFFFFFFL;
    /** Bytes of a MESSAGE frame before the data: type, uuid, ttl, flags. */
    public static final int MESSAGE_HEADER_BYTES = 1 + 16 + 4 + 4;
    /** snakeMQ cuts its own identity to this many code points. */
    public static final int MAX_IDENT_CODE_POINTS = 50;

    private Frames() {
    }

    public static ByteBuf protocolVersion(ByteBufAllocator alloc) {
        return alloc.buffer(5).writeByte(PROTOCOL_VERSION).writeInt(VERSION);
    }

    public static ByteBuf identification(ByteBufAllocator alloc, String identity) {
        byte[] utf8 = identity.getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(1 + utf8.length).writeByte(IDENTIFICATION).writeBytes(utf8);
    }

    public static ByteBuf message(ByteBufAllocator alloc, UUID id, long wireTtl, int flags, byte[] data) {
        return alloc.buffer(MESSAGE_HEADER_BYTES + data.length)
                .writeByte(MESSAGE)
                .writeLong(id.getMostSignificantBits())
                .writeLong(id.getLeastSignificantBits())
                .writeInt((int) wireTtl)
                .writeInt(flags)
                .writeBytes(data);
    }

    public static ByteBuf single(ByteBufAllocator alloc, int type) {
        return alloc.buffer(1).writeByte(type);
    }

    public static ByteBuf features(ByteBufAllocator alloc, int features) {
        return alloc.buffer(1 + FEATURES_MAGIC.length + 4).writeByte(PATCHBAY_FEATURES)
                .writeBytes(FEATURES_MAGIC).writeInt(features);
    }

    public static ByteBuf ack(ByteBufAllocator alloc, Collection<UUID> ids) {
        ByteBuf frame = alloc.buffer(1 + 16 * ids.size()).writeByte(PATCHBAY_ACK);
        for (UUID id : ids) {
            frame.writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
        }
        return frame;
    }

    /** Our own identity as snakeMQ sends it: at most 50 code points. */
    public static String cutIdentity(String identity) {
        if (identity.codePointCount(0, identity.length()) <= MAX_IDENT_CODE_POINTS) {
            return identity;
        }
        return identity.substring(0, identity.offsetByCodePoints(0, MAX_IDENT_CODE_POINTS));
    }

    /** Remaining TTL in nanoseconds ({@code < 0}: infinite) as the wire's whole seconds, truncated. */
    public static long wireTtl(long ttlNanos) {
        if (ttlNanos < 0) {
            return TTL_INFINITE;
        }
        return Math.min(ttlNanos / 1_000_000_000L, TTL_INFINITE - 1);
    }
}
