package dev.patchbay.auth.token;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.auth.AuthenticatorService;
import dev.patchbay.api.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a {@link TokenAuthenticator} as the {@code token} authenticator once token hashes
 * are configured. New hashes apply at once, without re-registering the service.
 */
@Component(immediate = true, configurationPid = TokenAuthenticatorComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@AuthenticatorService(auth = TokenAuthenticator.SCHEME)
@Designate(ocd = TokenAuthenticatorComponent.Config.class)
public final class TokenAuthenticatorComponent implements Authenticator {

    public static final String PID = "dev.patchbay.auth.token";
    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticatorComponent.class);
    private static final byte[] DEV_TOKEN = "patchbay-dev-token".getBytes(StandardCharsets.UTF_8);

    @ObjectClassDefinition(name = "Patchbay token authentication")
    public @interface Config {
        @AttributeDefinition(description = "bcrypt hashes of the accepted tokens (comma separated in a .cfg file)")
        String[] _token_hashes();
    }

    private volatile TokenAuthenticator delegate;

    @Activate
    public TokenAuthenticatorComponent(Config config, Map<String, Object> properties) {
        modified(config, properties);
    }

    // The key starts with a dot so that SCR keeps it private: component properties without one
    // become service properties, which any bundle and the console's "inspect" can read.
    @Modified
    void modified(Config config, Map<String, Object> properties) {
        if (properties.containsKey("token.hashes")) {
            LOG.error("{}.cfg sets 'token.hashes', which is published to every bundle as a service property and ignored: "
                    + "rename it '.token.hashes'", PID);
        }
        // A .cfg file gives one string; bcrypt hashes never contain commas, so split there.
        List<String> hashes = Arrays.stream(config._token_hashes() == null ? new String[0] : config._token_hashes())
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(hash -> !hash.isEmpty())
                .toList();
        TokenAuthenticator authenticator = new TokenAuthenticator(hashes);
        delegate = authenticator;
        LOG.info("token authentication: {} token hash(es) configured", hashes.size());
        if (authenticator.authenticate(new Credentials(TokenAuthenticator.SCHEME, "", DEV_TOKEN, "")).accepted()) {
            LOG.warn("the development token 'patchbay-dev-token' is accepted: replace {}.cfg's .token.hashes "
                    + "before this node is reachable from other hosts", PID);
        }
    }

    @Override
    public AuthResult authenticate(Credentials credentials) {
        return delegate.authenticate(credentials);
    }

    @Override
    public AuthResult tryAuthenticateNow(Credentials credentials) {
        return delegate.tryAuthenticateNow(credentials);
    }
}
