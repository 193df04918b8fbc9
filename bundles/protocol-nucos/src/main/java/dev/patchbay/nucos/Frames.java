package dev.patchbay.nucos;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;

/** What server and client connections do alike with inbound frames and failures. */
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

    /** Logs why {@code connection} closes: a refused frame as a warning, a dropped socket quietly. */
    static void logFailure(Logger log, Object connection, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            log.warn("{} closed: {}", connection, cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("{} closed: {}", connection, cause.toString());
        } else {
            log.warn("{} closed after an unexpected error", connection, cause);
        }
    }
}
