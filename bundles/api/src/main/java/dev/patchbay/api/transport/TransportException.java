package dev.patchbay.api.transport;

/** A listener or connection could not be set up; the message says which and why. */
public class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
