package dev.patchbay.api.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a client presented to prove who it is.
 *
 * @param scheme        the credential scheme, matching {@link Authenticator#SCHEME_PROPERTY}
 * @param principal     who the client claims to be; may be empty for schemes such as a shared
 *                      token that identify no one in particular
 * @param secret        the secret bytes (a token, a signature...); never logged
 * @param remoteAddress the client's address, for logs and rate limiting
 */
public record Credentials(String scheme, String principal, byte[] secret, String remoteAddress) {

    public Credentials {
        Objects.requireNonNull(scheme, "scheme");
        principal = principal == null ? "" : principal;
        secret = secret == null ? new byte[0] : secret.clone();
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Credentials c && scheme.equals(c.scheme) && principal.equals(c.principal)
                && Arrays.equals(secret, c.secret) && remoteAddress.equals(c.remoteAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, principal, remoteAddress);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "Credentials[" + scheme + ", principal=" + principal + ", from " + remoteAddress + "]";
    }
}
