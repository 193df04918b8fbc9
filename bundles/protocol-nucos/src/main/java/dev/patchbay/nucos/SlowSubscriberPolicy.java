package dev.patchbay.nucos;

/** What a connection does when its outbound buffer is full because the peer reads too slowly. */
public enum SlowSubscriberPolicy {
    /** Close the connection with a logged reason (NATS's slow-consumer rule); others go on. */
    DISCONNECT,
    /** Keep the connection and drop the messages that do not fit, counting them. */
    DROP
}
