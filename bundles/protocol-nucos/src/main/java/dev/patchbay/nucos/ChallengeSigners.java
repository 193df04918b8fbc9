package dev.patchbay.nucos;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Answers to login challenges, for {@link NucosClient.Builder#login}. */
public final class ChallengeSigners {

    private ChallengeSigners() {
    }

    /**
     * Patchbay's default scheme (the auth-challenge bundle's {@code hmac} mode):
     * {@code hex(HMAC-SHA256(key = secret, message = challenge + ":" + uid))}, lower case.
     */
    public static Function<Object, Object> hmacSha256(String uid, byte[] secret) {
        byte[] key = secret.length == 0 ? new byte[1] : secret.clone();
        return challenge -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal((challenge + ":" + uid).getBytes(UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        };
    }

    /** nucosMQ's documented scheme (the {@code plain} mode): the answer is the password, whatever the challenge. */
    public static Function<Object, Object> plainPassword(String password) {
        return challenge -> password;
    }
}
