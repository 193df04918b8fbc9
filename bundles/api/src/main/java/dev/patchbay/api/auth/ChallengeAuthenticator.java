package dev.patchbay.api.auth;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Challenge-response authentication: the server asks the authenticator for a challenge for the
 * identity a client claims, sends it, and hands the client's answer back for verification.
 *
 * <p>Challenges and signatures are JSON values ({@code String}, {@code Number}, {@code Boolean},
 * {@code List}, {@code Map} or {@code null}), since protocols such as nucosMQ carry them as JSON.
 * A challenge is used for one login only; the caller keeps it and passes it to {@link #verify},
 * so implementations need no state per login.
 *
 * <p>Register implementations with {@link Authenticator#SCHEME_PROPERTY}{@code =challenge};
 * protocols take the one with the highest service ranking, so a deployment replaces the
 * default by registering its own with a higher {@code service.ranking}. Implementations may
 * block (a directory lookup); callers never invoke them on an I/O thread. They must be thread
 * safe.
 */
@ConsumerType
public interface ChallengeAuthenticator {

    /** The value of {@link Authenticator#SCHEME_PROPERTY} that challenge authenticators register with. */
    String SCHEME = "challenge";

    /** A fresh challenge for a login as {@code identity}; never {@code null}. */
    Object challenge(String identity);

    /**
     * Checks the client's answer to {@code challenge}.
     *
     * @return the decision; never {@code null}. Bad answers are rejected with a reason (for logs,
     *         never the signature itself), not thrown.
     */
    AuthResult verify(String identity, Object challenge, Object signature, String remoteAddress);

    /**
     * Whether {@code identity} is a user this authenticator can log in, so that a protocol can
     * keep names of real users for them (nucosMQ's private rooms) while they are offline.
     *
     * @return {@code false} by default: nothing is known
     */
    default boolean knows(String identity) {
        return false;
    }
}
