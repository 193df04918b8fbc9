package dev.patchbay.api.store;

/** A store could not complete an operation; the message concerned was not changed. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
