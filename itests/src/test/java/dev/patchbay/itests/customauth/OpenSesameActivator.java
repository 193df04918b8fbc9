package dev.patchbay.itests.customauth;

import dev.patchbay.api.auth.ChallengeAuthenticator;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link OpenSesameAuthenticator} as a challenge authenticator ranked above the default. */
public final class OpenSesameActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("patchbay.auth", "challenge");
        properties.put("service.ranking", 100);
        context.registerService(ChallengeAuthenticator.class, new OpenSesameAuthenticator(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
