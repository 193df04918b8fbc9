package dev.patchbay.api.peer;

/**
 * A peer's message counters since it started.
 *
 * @param sent              messages written to connections
 * @param received          messages handed to listeners
 * @param dropped           queued messages dropped because their TTL ran out
 * @param duplicatesDropped redeliveries recognised and not handed over again
 */
public record PeerStats(long sent, long received, long dropped, long duplicatesDropped) {
}
