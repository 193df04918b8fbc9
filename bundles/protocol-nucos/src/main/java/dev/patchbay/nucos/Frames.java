package dev.patchbay.nucos;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** What server and client connections do alike with inbound frames. */
final class Frames {

    private Frames() {
    }

    /** The frame's bytes; the buffer is released. */
    static byte[] take(Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }
}
