package dev.patchbay.api.transport;

/**
 * Counters of an endpoint since it opened.
 *
 * @param openConnections     connections open now
 * @param acceptedConnections connections accepted in all (refused ones not counted)
 * @param bytesRead           bytes received on the wire (before TLS decryption)
 * @param bytesWritten        bytes sent on the wire (after TLS encryption)
 * @param refusedConnections  connections closed on arrival because a connection limit was reached
 * @param queuedOutboundBytes bytes waiting now in the open connections' outbound buffers
 */
public record TrafficStats(int openConnections, long acceptedConnections, long bytesRead, long bytesWritten,
                           long refusedConnections, long queuedOutboundBytes) {

    /** Counters of a transport that refuses nothing and reports no queued bytes. */
    public TrafficStats(int openConnections, long acceptedConnections, long bytesRead, long bytesWritten) {
        this(openConnections, acceptedConnections, bytesRead, bytesWritten, 0, 0);
    }
}
