package dev.patchbay.api.transport;

/**
 * Counters of an endpoint since it opened.
 *
 * @param openConnections     connections open now
 * @param acceptedConnections connections accepted in all
 * @param bytesRead           bytes received on the wire (before TLS decryption)
 * @param bytesWritten        bytes sent on the wire (after TLS encryption)
 */
public record TrafficStats(int openConnections, long acceptedConnections, long bytesRead, long bytesWritten) {
}
