package dev.patchbay.snakemq;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The names a peer's certificate vouches for: its subject's common names and its DNS, URI and
 * e-mail subject alternative names. snakeMQ lets a connection announce any identity; with
 * identities bound to certificates, a certificate holder can only be who its certificate says
 * (and so only receive its own queued messages).
 */
final class CertificateIdentity {

    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private CertificateIdentity() {
    }

    /** Why {@code identity} may not be announced with {@code chain}, or {@code null} if it may. */
    static String mismatch(String identity, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return "identity '" + identity + "' needs a client certificate naming it, and none was presented";
        }
        List<String> names = names(chain.get(0));
        return names.contains(identity) ? null
                : "identity '" + identity + "' is not one its certificate names " + names;
    }

    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException unreadable) {
            // no common name then; the alternative names may still match
        }
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    int type = (Integer) alternative.get(0);
                    if ((type == SAN_DNS || type == SAN_URI || type == SAN_EMAIL) && alternative.get(1) instanceof String name) {
                        names.add(name);
                    }
                }
            }
        } catch (CertificateParsingException unreadable) {
            // only the common names count
        }
        return names;
    }
}
