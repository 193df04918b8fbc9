package dev.patchbay.api.peer;

import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A connection to another peer, once that peer has identified itself. */
@ProviderType
public interface PeerConnection {

    /** The identity the other peer announced. */
    String identity();

    SocketAddress remoteAddress();

    /** Whether we listened for this connection (or connected out). */
    boolean accepted();

    /**
     * The certificate chain the other peer presented over TLS, its own certificate first; empty
     * without TLS or when it presented none.
     */
    List<X509Certificate> peerCertificates();

    /** Whether both sides acknowledge deliveries on this connection (Patchbay peers only). */
    boolean acknowledged();

    /** Closes the connection; a connector reconnects after its interval. */
    void close();
}
