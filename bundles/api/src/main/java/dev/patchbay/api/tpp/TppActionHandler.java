package dev.patchbay.api.tpp;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Handles one TPP action. Called once per request, after the request's token was verified, on a
 * worker thread (where it may block) unless registered with {@code patchbay.tpp.blocking=false}.
 * The connection is closed after the final reply, as the reference servers do.
 *
 * <p>An exception thrown here becomes a code-1 reply {@code {"error": "<message>"}}.
 */
@ConsumerType
@FunctionalInterface
public interface TppActionHandler {

    /** Service property: the action name this handler serves. */
    String ACTION_PROPERTY = "patchbay.tpp.action";

    /**
     * Service property: {@code false} declares that {@link #handle} never blocks and finishes in
     * microseconds, so the server may call it on an I/O thread instead of a worker. Default
     * {@code true}.
     */
    String BLOCKING_PROPERTY = "patchbay.tpp.blocking";

    /**
     * @param request  the decoded request
     * @param progress sends intermediate frames before the final reply (streaming)
     * @return the final reply, usually {@link TppRequest#result(Object)}
     */
    TppReply handle(TppRequest request, TppReplyStream progress) throws Exception;
}
