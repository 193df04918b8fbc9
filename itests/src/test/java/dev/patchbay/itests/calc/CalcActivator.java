package dev.patchbay.itests.calc;

import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link CalcService} with {@code patchbay.rpc.name=calc}; stopping the bundle withdraws it. */
public final class CalcActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("patchbay.rpc.name", "calc");
        context.registerService(CalcService.class, new CalcService(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
