package dev.patchbay.auth.challenge;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.auth.AuthResult;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ChallengeAuthenticatorTest {

    private final Map<String, byte[]> users = Map.of("alice", "wonderland".getBytes(UTF_8));

    @Test
    public void hmacChallengesAreFreshNonces() {
        HmacChallengeAuthenticator auth = new HmacChallengeAuthenticator(users, new SecureRandom());
        Object first = auth.challenge("alice");
        assertTrue(((String) first).matches("[0-9a-f]{32}"));
        assertNotEquals(first, auth.challenge("alice"));
    }

    @Test
    public void hmacAcceptsTheRightSignatureForThatChallengeOnly() {
        HmacChallengeAuthenticator auth = new HmacChallengeAuthenticator(users, new SecureRandom());
        String challenge = (String) auth.challenge("alice");
        String signature = HmacChallengeAuthenticator.signature("wonderland".getBytes(UTF_8), challenge, "alice");
        assertEquals(AuthResult.accept("alice"), auth.verify("alice", challenge, signature, ""));
        assertTrue(auth.verify("alice", challenge, signature.toUpperCase(), "").accepted());
        // replaying the answer against the next login's challenge fails
        assertFalse(auth.verify("alice", auth.challenge("alice"), signature, "").accepted());
        assertFalse(auth.verify("alice", challenge, "wonderland", "").accepted());
        assertFalse(auth.verify("alice", challenge, 42, "").accepted());
        AuthResult unknown = auth.verify("mallory", challenge, signature, "");
        assertFalse(unknown.accepted());
        assertFalse("the reason never echoes the signature", unknown.reason().contains(signature));
    }

    @Test
    public void hmacSignatureIsTheDocumentedFormula() {
        // python3 -c "import hmac,hashlib;print(hmac.new(b'wonderland',b'00ff:alice',hashlib.sha256).hexdigest())"
        assertEquals("82ebb10f3728c196901caaca33485e14a12d58da9370cea17921d312cde80350",
                HmacChallengeAuthenticator.signature("wonderland".getBytes(UTF_8), "00ff", "alice"));
    }

    @Test
    public void plainModeComparesThePassword() {
        PlainChallengeAuthenticator auth = new PlainChallengeAuthenticator(users, "1234", new SecureRandom());
        assertEquals("1234", auth.challenge("alice"));
        assertTrue(auth.verify("alice", "1234", "wonderland", "").accepted());
        assertFalse(auth.verify("alice", "1234", "wonderlan", "").accepted());
        assertFalse(auth.verify("bob", "1234", "", "").accepted());
        PlainChallengeAuthenticator random = new PlainChallengeAuthenticator(users, "", new SecureRandom());
        assertNotEquals(random.challenge("alice"), random.challenge("alice"));
    }

    @Test
    public void usersAreParsedFromOneCommaSeparatedString() {
        Map<String, byte[]> parsed = ChallengeAuthenticatorComponent.parseUsers(new String[] {"alice:a:b, bob:pw"});
        assertEquals("a:b", new String(parsed.get("alice"), UTF_8));
        assertEquals("pw", new String(parsed.get("bob"), UTF_8));
        assertThrows(IllegalArgumentException.class, () -> ChallengeAuthenticatorComponent.parseUsers(new String[] {"nocolon"}));
    }

    @Test
    public void theShippedDevelopmentUsersAreRecognisedUntilTheirSecretsChange() {
        assertEquals(List.of("alice", "bob"), ChallengeAuthenticatorComponent.developmentUsers(
                ChallengeAuthenticatorComponent.parseUsers(new String[] {"alice:alice-dev-secret, bob:bob-dev-secret"})));
        assertEquals(List.of("bob"), ChallengeAuthenticatorComponent.developmentUsers(
                ChallengeAuthenticatorComponent.parseUsers(new String[] {"alice:changed, bob:bob-dev-secret, carol:x"})));
        assertEquals(List.of(), ChallengeAuthenticatorComponent.developmentUsers(Map.of()));
    }

    @Test
    public void knowsTheConfiguredUsersOnly() {
        Map<String, byte[]> users = Map.of("alice", "s".getBytes(UTF_8));
        assertTrue(new HmacChallengeAuthenticator(users, new SecureRandom()).knows("alice"));
        assertFalse(new HmacChallengeAuthenticator(users, new SecureRandom()).knows("mallory"));
        assertTrue(new PlainChallengeAuthenticator(users, null, new SecureRandom()).knows("alice"));
    }
}
