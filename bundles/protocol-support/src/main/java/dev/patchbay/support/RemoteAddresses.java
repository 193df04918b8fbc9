package dev.patchbay.support;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The part of a peer's address that limits are kept by: its IP, not its port. */
public final class RemoteAddresses {

    private RemoteAddresses() {
    }

    /**
     * The IP of an address as protocols pass it on ({@code /10.0.0.7:51234},
     * {@code host/10.0.0.7:51234}, {@code /[::1]:51234}, {@code /0:0:0:0:0:0:0:1:51234} or a
     * bare address): a client's port changes with every connection, its address does not.
     */
    public static String ip(String remoteAddress) {
        String address = remoteAddress == null ? "" : remoteAddress;
        int slash = address.indexOf('/');
        if (slash >= 0) {
            address = address.substring(slash + 1);
        }
        int colon = address.lastIndexOf(':');
        if (colon > 0 && address.indexOf(':') == colon) {
            return address.substring(0, colon); // IPv4 with a port
        }
        if (address.startsWith("[") && address.contains("]")) {
            return address.substring(1, address.indexOf(']')); // [IPv6]:port
        }
        if (colon > 0 && address.chars().filter(c -> c == ':').count() == 8) {
            return address.substring(0, colon); // IPv6 as Java prints it, with a port
        }
        return address;
    }

    /** The IP of a channel's remote address, or its text if it is not an IP socket. */
    public static String ip(SocketAddress remoteAddress) {
        InetAddress address = inet(remoteAddress);
        return address != null ? address.getHostAddress() : ip(String.valueOf(remoteAddress));
    }

    /** The IP address of a channel's remote address, or {@code null} if it is not an IP socket. */
    public static InetAddress inet(SocketAddress remoteAddress) {
        return remoteAddress instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
