package dev.patchbay.api.queue;

/** How a payload was pushed, which decides how it is served back. */
public enum PayloadKind {
    /** UTF-8 text. */
    TEXT,
    /** A JSON object or array, stored as its UTF-8 text exactly as pushed. */
    JSON,
    /** Opaque bytes. */
    BINARY
}
