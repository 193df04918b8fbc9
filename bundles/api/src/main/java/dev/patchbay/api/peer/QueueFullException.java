package dev.patchbay.api.peer;

/** A destination's queue is at its configured maximum; the message was not queued. */
public final class QueueFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
