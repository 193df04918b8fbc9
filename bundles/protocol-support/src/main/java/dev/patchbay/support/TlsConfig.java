package dev.patchbay.support;

import dev.patchbay.api.transport.TlsSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The TLS settings of a listener's or a connector's configuration, read in one place from a
 * component's properties. Every protocol's configuration declares these attributes in its own
 * metatype (annotation types cannot share attributes), under the keys named here; the password
 * key starts with a dot so that Declarative Services keeps it out of the service properties.
 */
public final class TlsConfig {

    public static final String ENABLED = "tls.enabled";
    public static final String CERTIFICATE = "tls.certificate";
    public static final String PRIVATE_KEY = "tls.private.key";
    public static final String PRIVATE_KEY_PASSWORD = ".tls.private.key.password";
    /** CA certificates peers' certificates must chain to. */
    public static final String TRUSTED = "tls.trusted";
    /** A listener's {@code none}, {@code optional} or {@code require}. */
    public static final String CLIENT_AUTH = "tls.client.auth";
    public static final String CONNECTOR_ENABLED = "connector.tls.enabled";
    public static final String CONNECTOR_VERIFY_HOSTNAME = "connector.tls.verify.hostname";

    private TlsConfig() {
    }

    /**
     * A listener's TLS: its certificate and key, and client certificates checked against
     * {@value #TRUSTED} as {@value #CLIENT_AUTH} says.
     *
     * @return {@code null} unless {@value #ENABLED} is true
     */
    public static TlsSettings listener(Map<String, ?> properties) {
        if (!flag(properties, ENABLED, false)) {
            return null;
        }
        String clientAuth = text(properties, CLIENT_AUTH);
        return new TlsSettings(Path.of(required(properties, CERTIFICATE)), Path.of(required(properties, PRIVATE_KEY)),
                optional(properties, PRIVATE_KEY_PASSWORD), path(properties, TRUSTED),
                clientAuth.isEmpty() ? TlsSettings.ClientAuth.NONE
                        : TlsSettings.ClientAuth.valueOf(clientAuth.toUpperCase(Locale.ROOT)),
                false);
    }

    /**
     * A connector's TLS: the certificate, if one is set, presented as a client certificate; the
     * server checked against {@value #TRUSTED} (and its host name, unless
     * {@value #CONNECTOR_VERIFY_HOSTNAME} is false), or any server accepted without it.
     *
     * @return {@code null} unless {@value #CONNECTOR_ENABLED} is true
     */
    public static TlsSettings connector(Map<String, ?> properties) {
        if (!flag(properties, CONNECTOR_ENABLED, false)) {
            return null;
        }
        Path trusted = path(properties, TRUSTED);
        Path certificate = path(properties, CERTIFICATE);
        return new TlsSettings(certificate, certificate == null ? null : Path.of(required(properties, PRIVATE_KEY)),
                optional(properties, PRIVATE_KEY_PASSWORD), trusted, TlsSettings.ClientAuth.NONE,
                trusted != null && flag(properties, CONNECTOR_VERIFY_HOSTNAME, true), trusted == null);
    }

    private static boolean flag(Map<String, ?> properties, String key, boolean otherwise) {
        String value = text(properties, key);
        return value.isEmpty() ? otherwise : Boolean.parseBoolean(value);
    }

    private static String text(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        return value == null ? "" : String.valueOf(value).trim();
    }

    private static String optional(Map<String, ?> properties, String key) {
        String value = text(properties, key);
        return value.isEmpty() ? null : value;
    }

    private static Path path(Map<String, ?> properties, String key) {
        String value = optional(properties, key);
        return value == null ? null : Path.of(value);
    }

    private static String required(Map<String, ?> properties, String key) {
        String value = optional(properties, key);
        if (value == null) {
            throw new IllegalArgumentException(key + " must be set when TLS is enabled");
        }
        return value;
    }
}
