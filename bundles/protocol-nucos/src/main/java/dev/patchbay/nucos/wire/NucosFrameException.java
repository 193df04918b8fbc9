package dev.patchbay.nucos.wire;

/** A frame that is not a nucosMQ message; the reason names what is wrong, never the content. */
public final class NucosFrameException extends Exception {

    private static final long serialVersionUID = 1L;

    public NucosFrameException(String reason) {
        super(reason);
    }

    public NucosFrameException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
