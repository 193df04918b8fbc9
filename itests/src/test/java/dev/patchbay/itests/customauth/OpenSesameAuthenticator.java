package dev.patchbay.itests.customauth;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.ChallengeAuthenticator;

/** A deployment's own login rule: anyone who answers "open sesame" gets in. */
public final class OpenSesameAuthenticator implements ChallengeAuthenticator {

    @Override
    public Object challenge(String identity) {
        return "say the word";
    }

    @Override
    public AuthResult verify(String identity, Object challenge, Object signature, String remoteAddress) {
        return "open sesame".equals(signature) ? AuthResult.accept(identity) : AuthResult.reject("wrong word");
    }
}
