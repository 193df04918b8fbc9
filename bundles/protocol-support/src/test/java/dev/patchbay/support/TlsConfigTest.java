package dev.patchbay.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.transport.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;

public class TlsConfigTest {

    @Test
    public void aListenerHasTlsOnlyWhenEnabled() {
        assertNull(TlsConfig.listener(Map.of()));
        assertNull(TlsConfig.listener(Map.of("tls.enabled", false, "tls.certificate", "c.pem")));
        TlsSettings tls = TlsConfig.listener(Map.of("tls.enabled", "true", "tls.certificate", "c.pem",
                "tls.private.key", "k.pem", ".tls.private.key.password", "secret"));
        assertEquals(Path.of("c.pem"), tls.certificateChain());
        assertEquals(Path.of("k.pem"), tls.privateKey());
        assertEquals("secret", tls.privateKeyPassword());
        assertEquals(TlsSettings.ClientAuth.NONE, tls.clientAuth());
        assertNull(tls.trustedCertificates());
    }

    @Test
    public void aListenerMayRequireClientCertificatesFromItsCas() {
        TlsSettings tls = TlsConfig.listener(Map.of("tls.enabled", true, "tls.certificate", "c.pem",
                "tls.private.key", "k.pem", ".tls.private.key.password", "", "tls.trusted", "ca.pem",
                "tls.client.auth", " require "));
        assertEquals(TlsSettings.ClientAuth.REQUIRE, tls.clientAuth());
        assertEquals(Path.of("ca.pem"), tls.trustedCertificates());
        assertNull("an empty password is none", tls.privateKeyPassword());
    }

    @Test
    public void enabledWithoutACertificateSaysWhatIsMissing() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.listener(Map.of("tls.enabled", true, "tls.private.key", "k.pem")));
        assertEquals("tls.certificate must be set when TLS is enabled", missing.getMessage());
    }

    @Test
    public void aConnectorChecksTheServerWhenItHasCasAndAcceptsAnyOtherwise() {
        assertNull(TlsConfig.connector(Map.of("tls.enabled", true)));
        TlsSettings checked = TlsConfig.connector(Map.of("connector.tls.enabled", true, "tls.trusted", "ca.pem"));
        assertTrue(checked.verifyHostname());
        assertFalse(checked.trustAnyPeer());
        assertNull("no client certificate", checked.certificateChain());
        TlsSettings any = TlsConfig.connector(Map.of("connector.tls.enabled", "true", "tls.certificate", "c.pem",
                "tls.private.key", "k.pem"));
        assertTrue(any.trustAnyPeer());
        assertFalse(any.verifyHostname());
        assertEquals(Path.of("c.pem"), any.certificateChain());
        TlsSettings noHostname = TlsConfig.connector(Map.of("connector.tls.enabled", true, "tls.trusted", "ca.pem",
                "connector.tls.verify.hostname", false));
        assertFalse(noHostname.verifyHostname());
    }
}
