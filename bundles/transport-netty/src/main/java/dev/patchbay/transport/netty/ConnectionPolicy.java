package dev.patchbay.transport.netty;

import java.time.Duration;

/**
 * What the transport allows every connection of an endpoint, whatever protocol runs on it.
 *
 * @param maxConnectionsPerEndpoint most connections open at once on one listener; further ones
 *                                  are closed as soon as they are accepted
 * @param maxConnectionsPerAddress  most connections open at once on one listener from one remote
 *                                  IP address
 * @param outboundHighWaterBytes    bytes queued for a peer past which the connection counts as
 *                                  unwritable: it stops being read until the peer has taken
 *                                  half of them, so nothing a peer sends can make us queue more
 *                                  than this plus the replies to one read
 * @param outboundStallTimeout      a connection that stays unwritable this long without the peer
 *                                  taking any of the queued bytes is closed; {@link Duration#ZERO}
 *                                  never closes
 */
public record ConnectionPolicy(int maxConnectionsPerEndpoint, int maxConnectionsPerAddress,
                               int outboundHighWaterBytes, Duration outboundStallTimeout) {

    /**
     * 4,096 connections per listener (four listeners stay well inside a 20,000 descriptor limit),
     * 256 from one address, 64 KiB queued per connection (Netty's own default), 60 s stall.
     */
    public static final ConnectionPolicy DEFAULT = new ConnectionPolicy(4096, 256, 64 * 1024, Duration.ofSeconds(60));

    /** For benchmarks and tests that open many connections from one address on purpose. */
    public static final ConnectionPolicy UNLIMITED_CONNECTIONS =
            new ConnectionPolicy(Integer.MAX_VALUE, Integer.MAX_VALUE, 64 * 1024, Duration.ofSeconds(60));

    public ConnectionPolicy {
        if (maxConnectionsPerEndpoint < 1 || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (outboundHighWaterBytes < 2) {
            throw new IllegalArgumentException("outboundHighWaterBytes must be at least 2");
        }
        if (outboundStallTimeout == null || outboundStallTimeout.isNegative()) {
            throw new IllegalArgumentException("outboundStallTimeout must be zero or positive");
        }
    }

    public ConnectionPolicy withConnectionLimits(int perEndpoint, int perAddress) {
        return new ConnectionPolicy(perEndpoint, perAddress, outboundHighWaterBytes, outboundStallTimeout);
    }

    public ConnectionPolicy withOutbound(int highWaterBytes, Duration stallTimeout) {
        return new ConnectionPolicy(maxConnectionsPerEndpoint, maxConnectionsPerAddress, highWaterBytes, stallTimeout);
    }
}
