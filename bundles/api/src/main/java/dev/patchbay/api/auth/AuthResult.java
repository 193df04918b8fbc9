package dev.patchbay.api.auth;

import java.util.Objects;

/**
 * The outcome of an authentication.
 *
 * @param accepted  whether the credentials are valid
 * @param principal the authenticated identity when accepted, otherwise empty
 * @param reason    why the credentials were rejected (for logs, not for the client), otherwise empty
 */
public record AuthResult(boolean accepted, String principal, String reason) {

    public AuthResult {
        principal = Objects.requireNonNullElse(principal, "");
        reason = Objects.requireNonNullElse(reason, "");
    }

    public static AuthResult accept(String principal) {
        return new AuthResult(true, principal, "");
    }

    public static AuthResult reject(String reason) {
        return new AuthResult(false, "", reason);
    }
}
