package dev.patchbay.auth.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Credentials;
import java.util.List;
import org.junit.Test;

public class TokenAuthenticatorTest {

    // Made with glibc's crypt(3) (libxcrypt), independent of the bcrypt code under test.
    private static final String HASH_2A = "$2a$04$N9qo8uLOickgx2ZMRZoMyeUhJZKXKu95HMDF4wl0VfDNMB..nOiZe";
    private static final String HASH_2B = "$2b$04$N9qo8uLOickgx2ZMRZoMyeUhJZKXKu95HMDF4wl0VfDNMB..nOiZe";
    private static final String HASH_2Y = "$2y$04$N9qo8uLOickgx2ZMRZoMyeUhJZKXKu95HMDF4wl0VfDNMB..nOiZe";
    private static final String HASH_2B_COST_10 = "$2b$10$N9qo8uLOickgx2ZMRZoMyeWW0M7WyXXR1vyu76sczpt.5fe7JBx92";
    private static final String HASH_OF_72_X = "$2b$04$N9qo8uLOickgx2ZMRZoMyedlslr.Jty7xCSm4JGSxc8PDTmSzo582";

    @Test
    public void acceptsTheTokenUnderEveryBcryptRevision() {
        for (String hash : List.of(HASH_2A, HASH_2B, HASH_2Y, HASH_2B_COST_10)) {
            AuthResult result = new TokenAuthenticator(List.of(hash)).authenticate(token("tpp-secret-token"));
            assertTrue(hash, result.accepted());
            assertEquals("token#1", result.principal());
        }
    }

    @Test
    public void rejectsWrongAndEmptyTokens() {
        TokenAuthenticator auth = new TokenAuthenticator(List.of(HASH_2B));
        assertFalse(auth.authenticate(token("tpp-secret-tokeN")).accepted());
        assertFalse(auth.authenticate(token("")).accepted());
    }

    @Test
    public void principalNamesWhichHashMatched() {
        TokenAuthenticator auth = new TokenAuthenticator(List.of(HASH_OF_72_X, HASH_2B));
        assertEquals("token#2", auth.authenticate(token("tpp-secret-token")).principal());
    }

    @Test
    public void onlyTheFirst72BytesCountAsInTheBcryptVersionToxiccorePins() {
        TokenAuthenticator auth = new TokenAuthenticator(List.of(HASH_OF_72_X));
        assertTrue(auth.authenticate(token("x".repeat(72))).accepted());
        assertTrue(auth.authenticate(token("x".repeat(100))).accepted());
    }

    @Test
    public void aVerifiedTokenIsAcceptedAgainFromTheCacheAndAWrongOneStillFails() {
        TokenAuthenticator auth = new TokenAuthenticator(List.of(HASH_2B_COST_10));
        assertTrue(auth.authenticate(token("tpp-secret-token")).accepted());
        for (int i = 0; i < 1000; i++) {
            assertTrue(auth.authenticate(token("tpp-secret-token")).accepted());
        }
        assertFalse(auth.authenticate(token("wrong")).accepted());
    }

    @Test
    public void onlyAlreadyVerifiedTokensAreDecidedWithoutBcrypt() {
        TokenAuthenticator auth = new TokenAuthenticator(List.of(HASH_2B));
        assertNull(auth.tryAuthenticateNow(token("tpp-secret-token")));
        assertTrue(auth.authenticate(token("tpp-secret-token")).accepted());
        assertTrue(auth.tryAuthenticateNow(token("tpp-secret-token")).accepted());
        assertNull(auth.tryAuthenticateNow(token("wrong")));
        assertFalse(auth.tryAuthenticateNow(token("")).accepted());
    }

    @Test
    public void somethingThatIsNotABcryptHashIsRefusedWithItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenAuthenticator(List.of(HASH_2B, "tpp-secret-token")));
        assertTrue(e.getMessage(), e.getMessage().contains("#2"));
        assertFalse("never echo what might be a plaintext token", e.getMessage().contains("tpp-secret-token"));
    }

    @Test
    public void anAddressThatKeepsFailingIsRefusedWithoutACheckWhileOthersAreStillChecked() {
        // Issue 14.5: each wrong token cost a bcrypt check, ahead of every valid request.
        TokenAuthenticator auth = new TokenAuthenticator(List.of(HASH_2B));
        assertTrue(auth.authenticate(from("tpp-secret-token", "/10.0.0.1:4000")).accepted());
        for (int i = 0; i < TokenAuthenticator.FAILURE_BURST; i++) {
            assertTrue(auth.authenticate(from("wrong-" + i, "/10.0.0.2:" + (5000 + i))).reason().contains("matches none"));
        }
        AuthResult throttled = auth.authenticate(from("wrong-again", "/10.0.0.2:6000"));
        assertFalse(throttled.accepted());
        assertTrue(throttled.reason(), throttled.reason().contains("too many failed token checks from 10.0.0.2"));
        assertNotNull("decided without a check", auth.tryAuthenticateNow(from("wrong-again", "/10.0.0.2:6001")));
        assertTrue("another address is still checked",
                auth.authenticate(from("wrong-0", "/10.0.0.3:4000")).reason().contains("checked recently"));
        assertTrue(auth.authenticate(from("new-wrong", "/10.0.0.3:4001")).reason().contains("matches none"));
        assertTrue("a verified token passes even from the failing address",
                auth.authenticate(from("tpp-secret-token", "/10.0.0.2:7000")).accepted());
    }

    @Test
    public void aRejectedTokenIsRememberedBriefly() {
        TokenAuthenticator auth = new TokenAuthenticator(List.of(HASH_2B));
        assertNull(auth.tryAuthenticateNow(token("wrong")));
        assertFalse(auth.authenticate(token("wrong")).accepted());
        AuthResult again = auth.tryAuthenticateNow(token("wrong"));
        assertNotNull(again);
        assertFalse(again.accepted());
    }

    private static Credentials from(String token, String address) {
        return new Credentials(TokenAuthenticator.SCHEME, "", token.getBytes(UTF_8), address);
    }

    private static Credentials token(String token) {
        return new Credentials(TokenAuthenticator.SCHEME, "", token.getBytes(UTF_8), "127.0.0.1");
    }
}
