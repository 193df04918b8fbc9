package dev.patchbay.auth.challenge;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.ChallengeAuthenticator;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secure default: each login gets a fresh 128-bit nonce (32 lower-case hex characters) and
 * the client answers with {@code hex(HMAC-SHA256(key = its secret, message = nonce + ":" + uid))}.
 * A captured answer is useless for any other login, and the secret never travels.
 *
 * <p>Answers are compared in constant time; an unknown identity is checked against a random key
 * so that it costs the same as a wrong answer.
 */
public final class HmacChallengeAuthenticator implements ChallengeAuthenticator {

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, byte[]> secrets;
    private final SecureRandom random;
    private final byte[] decoyKey;

    /** @param secrets each identity's secret key */
    public HmacChallengeAuthenticator(Map<String, byte[]> secrets, SecureRandom random) {
        this.secrets = Map.copyOf(secrets);
        this.random = random;
        this.decoyKey = new byte[32];
        random.nextBytes(decoyKey);
    }

    @Override
    public Object challenge(String identity) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return HEX.formatHex(nonce);
    }

    /** What a client with {@code secret} answers to {@code challenge} as {@code identity}. */
    public static String signature(byte[] secret, String challenge, String identity) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, ALGORITHM));
            return HEX.formatHex(mac.doFinal((challenge + ":" + identity).getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public AuthResult verify(String identity, Object challenge, Object signature, String remoteAddress) {
        byte[] secret = secrets.get(identity);
        String expected = signature(secret == null ? decoyKey : secret, String.valueOf(challenge), identity);
        String given = signature instanceof String text ? text.toLowerCase(Locale.ROOT) : "";
        boolean matches = MessageDigest.isEqual(expected.getBytes(UTF_8), given.getBytes(UTF_8));
        if (secret == null) {
            return AuthResult.reject("unknown identity '" + identity + "'");
        }
        return matches ? AuthResult.accept(identity) : AuthResult.reject("wrong signature for '" + identity + "'");
    }

    @Override
    public boolean knows(String identity) {
        return secrets.containsKey(identity);
    }
}
