package dev.patchbay.auth.token;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.auth.Credentials;
import dev.patchbay.support.FailureThrottle;
import dev.patchbay.support.RemoteAddresses;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Accepts a shared token whose bcrypt hash is configured, as TPP servers do.
 *
 * <p>Only hashes are configured, never plaintext tokens. {@code $2a$}, {@code $2b$} and
 * {@code $2y$} hashes are accepted: for the inputs bcrypt can take (at most 72 bytes are used)
 * the three revisions compute the same hash, they differ only in how old implementations
 * mangled some inputs, so each is checked as {@code $2a$}.
 *
 * <p>A bcrypt check is deliberately slow (about 60 ms at cost 10), which a client sending wrong
 * tokens turns against the node. Tokens that were verified once are remembered by their SHA-256
 * digest, so a client sending the same valid token again costs a hash lookup; rejected tokens
 * are remembered for {@value #REJECTED_MEMORY_SECONDS} s, so the same wrong token costs a lookup
 * too; and an address that keeps failing with new tokens gets one check per
 * {@value #REFILL_MILLIS} ms after a burst of {@value #FAILURE_BURST} (see {@link FailureThrottle}).
 */
public final class TokenAuthenticator implements Authenticator {

    public static final String SCHEME = "token";

    private static final Pattern BCRYPT_HASH = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final int VERIFIED_CACHE_SIZE = 1024;
    private static final int REJECTED_CACHE_SIZE = 4096;
    static final int REJECTED_MEMORY_SECONDS = 10;
    static final int FAILURE_BURST = 10;
    static final int REFILL_MILLIS = 1000;

    private final List<String> hashes;
    private final Map<String, String> verifiedDigests = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > VERIFIED_CACHE_SIZE;
                }
            });

    /** Digests of rejected tokens and when they were rejected (nanoTime). */
    private final Map<String, Long> rejectedDigests = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > REJECTED_CACHE_SIZE;
                }
            });
    private final FailureThrottle failedAttempts = new FailureThrottle(FAILURE_BURST, REFILL_MILLIS * 1_000_000L, 10_000);

    /**
     * @param bcryptHashes the accepted tokens' hashes
     * @throws IllegalArgumentException if a hash is not a bcrypt hash (the message says which)
     */
    public TokenAuthenticator(List<String> bcryptHashes) {
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < bcryptHashes.size(); i++) {
            String hash = bcryptHashes.get(i).trim();
            if (!BCRYPT_HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException("token hash #" + (i + 1)
                        + " is not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters); create one with TokenHashTool");
            }
            checked.add("$2a$" + hash.substring(4));
        }
        this.hashes = List.copyOf(checked);
    }

    @Override
    public AuthResult tryAuthenticateNow(Credentials credentials) {
        byte[] secret = credentials.secret();
        return secret.length == 0 ? AuthResult.reject("empty token") : decideNow(credentials, sha256(secret));
    }

    @Override
    public AuthResult authenticate(Credentials credentials) {
        byte[] secret = credentials.secret();
        if (secret.length == 0) {
            return AuthResult.reject("empty token");
        }
        String digest = sha256(secret);
        AuthResult quick = decideNow(credentials, digest);
        if (quick != null) {
            return quick;
        }
        String token = new String(secret, UTF_8);
        for (int i = 0; i < hashes.size(); i++) {
            String expected = hashes.get(i);
            String actual = BCrypt.hashpw(token, expected);
            if (MessageDigest.isEqual(actual.getBytes(UTF_8), expected.getBytes(UTF_8))) {
                String principal = "token#" + (i + 1);
                verifiedDigests.put(digest, principal);
                return AuthResult.accept(principal);
            }
        }
        long now = System.nanoTime();
        rejectedDigests.put(digest, now);
        failedAttempts.failed(credentials.remoteAddress(), now);
        return AuthResult.reject("token matches none of the " + hashes.size() + " configured hashes");
    }

    /** What the caches and the failure throttle decide without bcrypt, or {@code null}. */
    private AuthResult decideNow(Credentials credentials, String digest) {
        String principal = verifiedDigests.get(digest);
        if (principal != null) {
            return AuthResult.accept(principal);
        }
        long now = System.nanoTime();
        Long rejectedAt = rejectedDigests.get(digest);
        if (rejectedAt != null && now - rejectedAt < REJECTED_MEMORY_SECONDS * 1_000_000_000L) {
            return AuthResult.reject("token matches none of the configured hashes (checked recently)");
        }
        if (!failedAttempts.mayTry(credentials.remoteAddress(), now)) {
            return AuthResult.reject("too many failed token checks from " + RemoteAddresses.ip(credentials.remoteAddress())
                    + "; try again later");
        }
        return null;
    }

    public int hashCount() {
        return hashes.size();
    }

    private static String sha256(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
