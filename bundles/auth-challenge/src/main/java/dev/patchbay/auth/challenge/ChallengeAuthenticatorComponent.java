package dev.patchbay.auth.challenge;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.AuthenticatorService;
import dev.patchbay.api.auth.ChallengeAuthenticator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the configured challenge authenticator (HMAC by default, plain on request) with
 * {@code patchbay.auth=challenge} and a service ranking of 0, so that a deployment's own
 * authenticator with a higher ranking takes over. Configuration changes apply at once.
 */
@Component(immediate = true, configurationPid = ChallengeAuthenticatorComponent.PID)
@AuthenticatorService(auth = ChallengeAuthenticator.SCHEME)
@ServiceRanking(0)
@Designate(ocd = ChallengeAuthenticatorComponent.Config.class)
public final class ChallengeAuthenticatorComponent implements ChallengeAuthenticator {

    public static final String PID = "dev.patchbay.auth.challenge";
    private static final Logger LOG = LoggerFactory.getLogger(ChallengeAuthenticatorComponent.class);

    @ObjectClassDefinition(name = "Patchbay challenge-response authentication")
    public @interface Config {
        @AttributeDefinition(description = "hmac: HMAC-SHA256 over a random nonce; plain: the answer is the password (nucosMQ docs)")
        String mode() default "hmac";

        @AttributeDefinition(type = AttributeType.PASSWORD,
                description = "Users and their secrets as uid:secret, comma separated (secrets cannot contain commas)")
        String[] _users() default {};

        @AttributeDefinition(description = "plain mode: the challenge to send every time; empty: a random nonce")
        String plain_challenge() default "";
    }

    private final SecureRandom random = new SecureRandom();
    /** The users etc/dev.patchbay.auth.challenge.cfg ships with. */
    private static final Map<String, String> DEVELOPMENT_USERS = Map.of("alice", "alice-dev-secret", "bob", "bob-dev-secret");

    private volatile ChallengeAuthenticator delegate;

    @Activate
    public ChallengeAuthenticatorComponent(Config config, Map<String, Object> properties) {
        modified(config, properties);
    }

    // The key starts with a dot so that SCR keeps it private: component properties without one
    // become service properties, which any bundle and the console's "inspect" can read.
    @Modified
    void modified(Config config, Map<String, Object> properties) {
        if (properties.containsKey("users")) {
            LOG.error("{}.cfg sets 'users', which is published to every bundle as a service property and ignored: "
                    + "rename it '.users'", PID);
        }
        Map<String, byte[]> secrets = parseUsers(config._users());
        String mode = config.mode().trim().toLowerCase(Locale.ROOT);
        delegate = switch (mode) {
            case "hmac" -> new HmacChallengeAuthenticator(secrets, random);
            case "plain" -> new PlainChallengeAuthenticator(secrets, config.plain_challenge(), random);
            default -> throw new IllegalArgumentException("mode '" + config.mode() + "' is neither hmac nor plain");
        };
        LOG.info("challenge authentication: {} mode, {} user(s)", mode, secrets.size());
        if (secrets.isEmpty()) {
            LOG.warn("challenge authentication has no users: every login fails until {}.cfg lists some", PID);
        }
        List<String> development = developmentUsers(secrets);
        if (!development.isEmpty()) {
            LOG.warn("the development user(s) {} with their shipped secrets are accepted: replace {}.cfg's .users "
                    + "before this node is reachable from other hosts", development, PID);
        }
    }

    /** The users the node ships with whose secret is still the shipped one. */
    static List<String> developmentUsers(Map<String, byte[]> secrets) {
        return DEVELOPMENT_USERS.entrySet().stream()
                .filter(user -> Arrays.equals(secrets.get(user.getKey()), user.getValue().getBytes(UTF_8)))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** {@code uid:secret} entries; a .cfg file gives them as one comma-separated string. */
    static Map<String, byte[]> parseUsers(String[] entries) {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        Arrays.stream(entries == null ? new String[0] : entries)
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .forEach(entry -> {
                    int colon = entry.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("user entry without 'uid:' (entry #" + (secrets.size() + 1) + ")");
                    }
                    secrets.put(entry.substring(0, colon), entry.substring(colon + 1).getBytes(UTF_8));
                });
        return secrets;
    }

    @Override
    public Object challenge(String identity) {
        return delegate.challenge(identity);
    }

    @Override
    public AuthResult verify(String identity, Object challenge, Object signature, String remoteAddress) {
        return delegate.verify(identity, challenge, signature, remoteAddress);
    }

    @Override
    public boolean knows(String identity) {
        return delegate.knows(identity);
    }
}
