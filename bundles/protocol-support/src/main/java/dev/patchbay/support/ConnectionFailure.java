package dev.patchbay.support;

import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;

/**
 * Why a connection failed, as every protocol tells it: the peer sent something we refuse (a
 * frame too large, a corrupt frame, bad TLS records), the connection was lost, or something
 * went wrong on our side. The first two are the peer's doing and any peer can repeat them, so
 * they are logged briefly; only the last gets a stack trace.
 *
 * @param kind   which of the three
 * @param reason a one-line description, for the log and for protocols that answer before they
 *               close: {@code frame too large: ...}, {@code bad frame: ...}, {@code bad TLS: ...}
 */
public record ConnectionFailure(Kind kind, String reason) {

    public enum Kind {
        /** The peer sent something we refuse: close it, with the reason logged at INFO. */
        BAD_INPUT,
        /** The connection went away (reset, broken pipe): nothing to tell but at DEBUG. */
        LOST,
        /** A failure of ours: close the connection and log a warning with the stack trace. */
        UNEXPECTED
    }

    /** How Netty's {@code HttpServerCodec} begins its message for too deep a pipeline. */
    private static final String PIPELINE_DEPTH = "maxPipelineDepth exceeded";

    public static ConnectionFailure of(Throwable cause) {
        Throwable inner = cause.getCause();
        Throwable refused = isRefusedInput(inner) ? inner : isRefusedInput(cause) ? cause : null;
        if (refused != null) {
            return new ConnectionFailure(Kind.BAD_INPUT, describe(refused));
        }
        if (cause instanceof DecoderException && (inner == null || inner instanceof IllegalArgumentException)) {
            return new ConnectionFailure(Kind.BAD_INPUT, "bad frame: " + message(inner == null ? cause : inner));
        }
        if (cause instanceof DecoderException && inner instanceof IllegalStateException
                && message(inner).startsWith(PIPELINE_DEPTH)) {
            // Netty's HTTP codec counts requests sent ahead of their answers; one read can hold
            // hundreds, before the HTTP handler's own bound stops reading
            return new ConnectionFailure(Kind.BAD_INPUT, "too many pipelined requests: " + message(inner));
        }
        if (cause instanceof IOException) {
            return new ConnectionFailure(Kind.LOST, cause.toString());
        }
        return new ConnectionFailure(Kind.UNEXPECTED, cause.toString());
    }

    private static boolean isRefusedInput(Throwable failure) {
        return failure instanceof TooLongFrameException || failure instanceof CorruptedFrameException
                || failure instanceof SSLException && !(failure.getCause() instanceof IOException);
    }

    private static String describe(Throwable refused) {
        if (refused instanceof TooLongFrameException) {
            return "frame too large: " + message(refused);
        }
        return (refused instanceof SSLException ? "bad TLS: " : "bad frame: ") + message(refused);
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** Logs that {@code connection} closes for {@code cause}, at the level its kind calls for. */
    public static void logClosed(Logger log, Object connection, Throwable cause) {
        of(cause).log(log, connection, cause);
    }

    /**
     * Logs that {@code connection} closes for this failure, at the level its kind calls for; for
     * protocols that answer a {@link Kind#BAD_INPUT} themselves, the other kinds.
     *
     * @param cause what this failure was classified from (the stack trace of an unexpected one)
     */
    public void log(Logger log, Object connection, Throwable cause) {
        switch (kind) {
            case BAD_INPUT -> log.info("{} closed: {}", connection, reason);
            case LOST -> log.debug("{} closed: {}", connection, reason);
            case UNEXPECTED -> log.warn("{} closed after an unexpected error", connection, cause);
        }
    }
}
