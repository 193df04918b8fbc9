package dev.patchbay.transport.netty;

import dev.patchbay.api.transport.TlsSettings;
import dev.patchbay.api.transport.TransportException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** Builds Netty {@link SslContext}s from PEM-file {@link TlsSettings}. */
final class TlsContexts {

    private TlsContexts() {
    }

    static SslContext forServer(String endpoint, TlsSettings tls) {
        if (tls.certificateChain() == null) {
            throw new TransportException("endpoint " + endpoint + ": TLS needs a certificate chain and a private key", null);
        }
        try {
            SslContextBuilder builder = SslContextBuilder
                    .forServer(tls.certificateChain().toFile(), tls.privateKey().toFile(), tls.privateKeyPassword())
                    .sslProvider(SslProvider.JDK)
                    .clientAuth(switch (tls.clientAuth()) {
                        case NONE -> ClientAuth.NONE;
                        case OPTIONAL -> ClientAuth.OPTIONAL;
                        case REQUIRE -> ClientAuth.REQUIRE;
                    });
            if (tls.trustAnyPeer()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (tls.trustedCertificates() != null) {
                builder.trustManager(tls.trustedCertificates().toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TransportException("endpoint " + endpoint + ": cannot load TLS material from "
                    + describe(tls) + ": " + e.getMessage(), e);
        }
    }

    static SslContext forClient(String connection, TlsSettings tls) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    // Netty verifies host names by default; the Python peers' validate_cert=False
                    // (and self-signed test setups) need a way to turn that off.
                    .endpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null);
            if (tls.trustAnyPeer()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (tls.trustedCertificates() != null) {
                builder.trustManager(tls.trustedCertificates().toFile());
            }
            if (tls.certificateChain() != null) {
                builder.keyManager(tls.certificateChain().toFile(), tls.privateKey().toFile(), tls.privateKeyPassword());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TransportException("connection " + connection + ": cannot load TLS material from "
                    + describe(tls) + ": " + e.getMessage(), e);
        }
    }

    private static String describe(TlsSettings tls) {
        return "certificate " + name(tls.certificateChain()) + ", key " + name(tls.privateKey())
                + ", trusted " + name(tls.trustedCertificates());
    }

    private static String name(Path path) {
        return path == null ? "-" : path.toString();
    }
}
