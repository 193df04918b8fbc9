package dev.patchbay.transport.netty;

import dev.patchbay.support.AddressCounts;
import dev.patchbay.support.LogThrottle;
import dev.patchbay.support.RemoteAddresses;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts one listener's open connections, in all and per remote address, and refuses those past
 * the limits. An entry per address exists only while that address has a connection open, so the
 * table is bounded by the endpoint's own limit. Refusals are logged at most every 10 s with the
 * count since, so a flood cannot flood the log as well.
 */
final class ConnectionCaps {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCaps.class);

    private final String endpoint;
    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final AddressCounts perAddress = new AddressCounts();
    private final LongAdder refused = new LongAdder();
    private final LogThrottle refusals = new LogThrottle(TimeUnit.SECONDS.toNanos(10));

    ConnectionCaps(String endpoint, ConnectionPolicy policy) {
        this.endpoint = endpoint;
        this.maxTotal = policy.maxConnectionsPerEndpoint();
        this.maxPerAddress = policy.maxConnectionsPerAddress();
    }

    /**
     * Takes a place for {@code channel}, freed when it closes.
     *
     * @return false if a limit is reached; the caller closes the channel
     */
    boolean admit(Channel channel) {
        InetAddress address = RemoteAddresses.inet(channel.remoteAddress());
        if (open.incrementAndGet() > maxTotal) {
            open.decrementAndGet();
            refuse(channel, "the endpoint has " + maxTotal + " connections open");
            return false;
        }
        if (address != null && !perAddress.tryAcquire(address, maxPerAddress)) {
            open.decrementAndGet();
            refuse(channel, address.getHostAddress() + " has " + maxPerAddress + " connections open");
            return false;
        }
        channel.closeFuture().addListener(closed -> {
            if (address != null) {
                perAddress.release(address);
            }
            open.decrementAndGet();
        });
        return true;
    }

    private void refuse(Channel channel, String reason) {
        refused.increment();
        long count = refusals.occurred(System.nanoTime());
        if (count > 0) {
            LOG.warn("endpoint {}: refused {} connection(s), the last from {}: {}", endpoint, count,
                    channel.remoteAddress(), reason);
        }
    }

    long refused() {
        return refused.sum();
    }

    /** Remote addresses that have a connection open now (for tests and metrics). */
    int addresses() {
        return perAddress.addresses();
    }
}
