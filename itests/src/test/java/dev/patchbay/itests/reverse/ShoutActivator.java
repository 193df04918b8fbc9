package dev.patchbay.itests.reverse;

import dev.patchbay.api.tpp.TppActionHandler;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Version 2 of the reversing bundle: its {@code reverse} action shouts instead (to see an update land). */
public final class ShoutActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(TppActionHandler.ACTION_PROPERTY, "reverse");
        context.registerService(TppActionHandler.class,
                (request, progress) -> request.result(String.valueOf(request.body()).toUpperCase(java.util.Locale.ROOT)),
                properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
