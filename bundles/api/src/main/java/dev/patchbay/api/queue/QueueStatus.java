package dev.patchbay.api.queue;

import java.util.Locale;

/** Where a queued message is in its life. */
public enum QueueStatus {
    /** Waiting for a pull. */
    PENDING,
    /** Waiting for its scheduled time, then like {@link #PENDING}. */
    SCHEDULED,
    /** Claimed by a pull, waiting for the ack (or for the visibility timeout to hand it back). */
    PROCESSING,
    /** Acknowledged. */
    PROCESSED,
    /** Pulled the maximum number of times without an ack; kept for inspection, never delivered again. */
    DEAD;

    /** The lower-case wire name ({@code pending}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
