package dev.patchbay.api.transport;

import java.nio.file.Path;
import java.util.Locale;

/**
 * TLS material in PEM files, as OpenSSL and Python's {@code ssl} module use it.
 *
 * @param certificateChain    our certificate chain (required on a listener; on a connector only
 *                            to present a client certificate), or {@code null}
 * @param privateKey          the PKCS#8 private key of {@code certificateChain}, or {@code null}
 * @param privateKeyPassword  password of an encrypted private key, or {@code null}
 * @param trustedCertificates CA certificates to verify the peer with; {@code null} means the
 *                            JDK's default trust store on a connector and no client
 *                            certificates accepted on a listener
 * @param clientAuth          whether a listener asks connecting clients for a certificate; asking
 *                            needs {@code trustedCertificates} (or {@code trustAnyPeer})
 * @param verifyHostname      whether a connector checks the server name against its certificate
 * @param trustAnyPeer        accept any certificate the other side presents, unchecked (what
 *                            Python's {@code CERT_NONE} peers do); encrypts but does not
 *                            authenticate, so only for peers that authenticate otherwise
 */
public record TlsSettings(Path certificateChain, Path privateKey, String privateKeyPassword,
                          Path trustedCertificates, ClientAuth clientAuth, boolean verifyHostname,
                          boolean trustAnyPeer) {

    public TlsSettings(Path certificateChain, Path privateKey, String privateKeyPassword,
                       Path trustedCertificates, ClientAuth clientAuth, boolean verifyHostname) {
        this(certificateChain, privateKey, privateKeyPassword, trustedCertificates, clientAuth, verifyHostname, false);
    }

    public TlsSettings {
        clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
        if ((certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("a certificate chain needs its private key and vice versa");
        }
        if (clientAuth != ClientAuth.NONE && trustedCertificates == null && !trustAnyPeer) {
            // Otherwise the JDK's public CAs would vouch for clients: anyone can buy such a certificate.
            throw new IllegalArgumentException("client certificates (client auth " + clientAuth.name().toLowerCase(Locale.ROOT)
                    + ") need the CA certificates to check them with (trusted certificates); none are set");
        }
    }

    /** Server side: present this certificate, ask clients for none. */
    public static TlsSettings server(Path certificateChain, Path privateKey) {
        return new TlsSettings(certificateChain, privateKey, null, null, ClientAuth.NONE, false);
    }

    /**
     * Server side with a key that may be encrypted, as listener configurations give it.
     *
     * @param privateKeyPassword empty or {@code null} for an unencrypted key
     */
    public static TlsSettings server(Path certificateChain, Path privateKey, String privateKeyPassword) {
        String password = privateKeyPassword == null || privateKeyPassword.isEmpty() ? null : privateKeyPassword;
        return new TlsSettings(certificateChain, privateKey, password, null, ClientAuth.NONE, false);
    }

    /** Client side: trust these CA certificates ({@code null}: the JDK's defaults). */
    public static TlsSettings client(Path trustedCertificates, boolean verifyHostname) {
        return new TlsSettings(null, null, null, trustedCertificates, ClientAuth.NONE, verifyHostname);
    }

    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }
}
