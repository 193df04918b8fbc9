package dev.patchbay.api.auth;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether presented credentials are valid.
 *
 * <p>Register implementations as OSGi services with the {@link #SCHEME_PROPERTY} property
 * naming the scheme they implement (for example {@code token}); protocol components select
 * one with a target filter on that property. Implementations may block (a bcrypt check takes
 * milliseconds), so callers never invoke them on an I/O thread. They must be thread safe.
 */
@ConsumerType
public interface Authenticator {

    /** Service property naming the credential scheme, e.g. {@code token}. */
    String SCHEME_PROPERTY = "patchbay.auth";

    /**
     * @return the decision; never {@code null}. Implementations do not throw for bad
     *         credentials, they reject them with a reason.
     */
    AuthResult authenticate(Credentials credentials);

    /**
     * Decides at once if that is cheap (a cached verification, an obviously empty secret), so
     * that a protocol can skip handing the request to a worker thread.
     *
     * @return the decision, or {@code null} if deciding needs {@link #authenticate} (which may
     *         block); the default always returns {@code null}
     */
    default AuthResult tryAuthenticateNow(Credentials credentials) {
        return null;
    }
}
