package dev.patchbay.throttle;

import dev.patchbay.api.throttle.BandwidthLimit;
import dev.patchbay.api.throttle.Throttle;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Throttle} service, configured by {@code dev.patchbay.throttle} (see
 * {@link BandwidthTable} for the keys). A configuration change is applied with @Modified, which
 * also updates this service's properties: the transport sees the service change and reapplies
 * the limits to every open connection.
 */
@Component(immediate = true, configurationPid = ThrottleComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ThrottleComponent implements Throttle {

    public static final String PID = "dev.patchbay.throttle";

    private static final Logger LOG = LoggerFactory.getLogger(ThrottleComponent.class);

    private volatile BandwidthTable table;

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        table = BandwidthTable.from(properties);
        LOG.info("bandwidth limits (bytes/s, 0 = unlimited): {}", table);
    }

    @Override
    public BandwidthLimit limitFor(String endpointName) {
        return table.limitFor(endpointName);
    }
}
