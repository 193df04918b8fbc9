package dev.patchbay.api.tpp;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Handles one TPP action. Called on a worker thread (never an I/O thread), once per request,
 * after the request's token was verified; may block. The connection is closed after the final
 * reply, as the reference servers do.
 *
 * <p>An exception thrown here becomes a code-1 reply {@code {"error": "<message>"}}.
 */
@ConsumerType
@FunctionalInterface
public interface TppActionHandler {

    /** Service property: the action name this handler serves. */
    String ACTION_PROPERTY = "patchbay.tpp.action";

    /**
     * @param request  the decoded request
     * @param progress sends intermediate frames before the final reply (streaming)
     * @return the final reply, usually {@link TppRequest#result(Object)}
     */
    TppReply handle(TppRequest request, TppReplyStream progress) throws Exception;
}
