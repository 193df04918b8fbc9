package dev.patchbay.api.throttle;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells the transport how fast the connections of an endpoint may go. The transport asks when a
 * connection opens; an implementation that changes limits live calls its own listeners.
 */
@ConsumerType
public interface Throttle {

    /** The limit for each connection of the named endpoint; {@link BandwidthLimit#UNLIMITED} if none. */
    BandwidthLimit limitFor(String endpointName);
}
