package dev.patchbay.client.tpp;

import java.io.IOException;

/** A TPP exchange failed: the server answered an error, or did not answer a valid reply. */
public class TppException extends IOException {
    private static final long serialVersionUID = 1L;

    public TppException(String message) {
        super(message);
    }
}
