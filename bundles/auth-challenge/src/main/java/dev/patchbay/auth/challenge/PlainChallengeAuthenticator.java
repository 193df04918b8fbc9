package dev.patchbay.auth.challenge;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.ChallengeAuthenticator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * nucosMQ's documented scheme, for peers that cannot compute an HMAC: the answer is the
 * identity's password itself, whatever the challenge. It is a replayable password in clear
 * text, so use it only over TLS or on a trusted network.
 *
 * <p>The challenge is a random nonce unless a fixed one is configured (the nucosMQ docs use
 * {@code "1234"}; clients written against them may expect it). Passwords are compared in
 * constant time.
 */
public final class PlainChallengeAuthenticator implements ChallengeAuthenticator {

    private final Map<String, byte[]> passwords;
    private final String fixedChallenge;
    private final SecureRandom random;

    /** @param fixedChallenge the challenge to send every time, or empty for a random one per login */
    public PlainChallengeAuthenticator(Map<String, byte[]> passwords, String fixedChallenge, SecureRandom random) {
        this.passwords = Map.copyOf(passwords);
        this.fixedChallenge = fixedChallenge == null ? "" : fixedChallenge;
        this.random = random;
    }

    @Override
    public Object challenge(String identity) {
        if (!fixedChallenge.isEmpty()) {
            return fixedChallenge;
        }
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    @Override
    public AuthResult verify(String identity, Object challenge, Object signature, String remoteAddress) {
        byte[] password = passwords.get(identity);
        byte[] given = signature instanceof String text ? text.getBytes(UTF_8) : new byte[0];
        boolean matches = MessageDigest.isEqual(password == null ? new byte[0] : password, given);
        if (password == null) {
            return AuthResult.reject("unknown identity '" + identity + "'");
        }
        return matches ? AuthResult.accept(identity) : AuthResult.reject("wrong password for '" + identity + "'");
    }

    @Override
    public boolean knows(String identity) {
        return passwords.containsKey(identity);
    }
}
