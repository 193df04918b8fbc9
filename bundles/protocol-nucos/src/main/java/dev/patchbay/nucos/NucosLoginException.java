package dev.patchbay.nucos;

/** A client's login was refused, timed out, or the server asked for a login the client cannot give. */
public final class NucosLoginException extends Exception {

    private static final long serialVersionUID = 1L;

    public NucosLoginException(String message) {
        super(message);
    }
}
