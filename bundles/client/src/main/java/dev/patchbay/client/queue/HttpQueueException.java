package dev.patchbay.client.queue;

/** The server answered with an error status (or could not be reached: status 0). */
public final class HttpQueueException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpQueueException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
