package dev.patchbay.itests.reverse;

import dev.patchbay.api.tpp.TppActionHandler;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link ReverseAction} as the {@code reverse} action; stopping the bundle removes it. */
public final class ReverseActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(TppActionHandler.ACTION_PROPERTY, "reverse");
        context.registerService(TppActionHandler.class, new ReverseAction(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
