package com.example.patchbay;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.AuthenticatorService;
import dev.patchbay.api.auth.ChallengeAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A challenge authenticator of your own for nucosMQ logins: every user shares one passphrase and
 * answers a random challenge with {@code hex(SHA-256(challenge + ":" + uid + ":" + passphrase))}.
 * Inactive until configured (a file {@code etc/com.example.patchbay.auth.cfg} with
 * {@code .passphrase = ...}: a key starting with a dot stays private to the component instead of
 * becoming a service property any bundle can read); its {@code service.ranking} (default 100)
 * then puts it ahead of the node's own.
 */
@Component(configurationPid = PassphraseAuthenticator.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@AuthenticatorService(auth = ChallengeAuthenticator.SCHEME)
@Designate(ocd = PassphraseAuthenticator.Config.class)
public final class PassphraseAuthenticator implements ChallengeAuthenticator {

    public static final String PID = "com.example.patchbay.auth";

    @ObjectClassDefinition(name = "Example passphrase logins")
    public @interface Config {
        @AttributeDefinition(type = AttributeType.PASSWORD, description = "The passphrase every user answers with")
        String _passphrase();

        @AttributeDefinition(description = "Ranking against other challenge authenticators (the node's has 0)")
        int service_ranking() default 100;
    }

    private final byte[] passphrase;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public PassphraseAuthenticator(Config config) {
        this.passphrase = config._passphrase().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object challenge(String identity) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    @Override
    public AuthResult verify(String identity, Object challenge, Object signature, String remoteAddress) {
        byte[] expected = answer(String.valueOf(challenge), identity, passphrase).getBytes(StandardCharsets.US_ASCII);
        byte[] given = String.valueOf(signature).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? AuthResult.accept(identity) : AuthResult.reject("wrong answer");
    }

    /** What a client answers to {@code challenge} as {@code uid}. */
    static String answer(String challenge, String uid, byte[] passphrase) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((challenge + ":" + uid + ":").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(passphrase));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
