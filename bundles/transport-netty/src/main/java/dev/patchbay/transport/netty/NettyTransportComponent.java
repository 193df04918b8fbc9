package dev.patchbay.transport.netty;

import dev.patchbay.api.throttle.BandwidthLimit;
import dev.patchbay.api.throttle.Throttle;
import dev.patchbay.api.transport.ChannelSetup;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Transport;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Registers a {@link NettyTransport} as the node's {@link Transport} service. */
@Component(configurationPid = NettyTransportComponent.PID)
@Designate(ocd = NettyTransportComponent.Config.class)
public final class NettyTransportComponent implements Transport {

    public static final String PID = "dev.patchbay.transport.netty";

    @ObjectClassDefinition(name = "Patchbay Netty transport")
    public @interface Config {
        @AttributeDefinition(description = "I/O threads shared by all listeners and connections; 0 = one per CPU core")
        int io_threads() default 0;

        @AttributeDefinition(description = "Use Linux native epoll when its bundles are installed")
        boolean native_io() default true;

        @AttributeDefinition(description = "Most connections open at once on one listener")
        int max_connections_per_endpoint() default 4096;

        @AttributeDefinition(description = "Most connections open at once on one listener from one remote IP address")
        int max_connections_per_address() default 256;

        @AttributeDefinition(description = "Bytes queued for a peer past which its connection stops being read")
        int outbound_high_water_bytes() default 64 * 1024;

        @AttributeDefinition(description = "Close a connection whose peer takes none of its queued bytes for this many ms; 0 = never")
        long outbound_stall_timeout_ms() default 60_000;
    }

    private final NettyTransport transport;
    private volatile Throttle throttle;

    @Activate
    public NettyTransportComponent(Config config) {
        ConnectionPolicy policy = new ConnectionPolicy(config.max_connections_per_endpoint(),
                config.max_connections_per_address(), config.outbound_high_water_bytes(),
                Duration.ofMillis(config.outbound_stall_timeout_ms()));
        this.transport = new NettyTransport(config.io_threads(), config.native_io(), this::limitFor, policy);
    }

    // A throttle may come, go, and change its limits (its service properties) at runtime; open
    // connections follow each change.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
               policyOption = ReferencePolicyOption.GREEDY, updated = "updatedThrottle")
    void bindThrottle(Throttle newThrottle) {
        throttle = newThrottle;
        reapply();
    }

    void updatedThrottle(Throttle changed) {
        reapply();
    }

    void unbindThrottle(Throttle oldThrottle) {
        if (throttle == oldThrottle) {
            throttle = null;
        }
        reapply();
    }

    private void reapply() {
        // SCR binds method references only after the constructor ran, so transport is set.
        transport.reapplyBandwidthLimits();
    }

    private BandwidthLimit limitFor(String endpoint) {
        Throttle current = throttle;
        return current == null ? BandwidthLimit.UNLIMITED : current.limitFor(endpoint);
    }

    @Override
    public Endpoint listen(EndpointSpec spec, ChannelSetup setup) {
        return transport.listen(spec, setup);
    }

    @Override
    public CompletionStage<Channel> connect(ConnectSpec spec, ChannelSetup setup) {
        return transport.connect(spec, setup);
    }

    @Override
    public Collection<Endpoint> endpoints() {
        return transport.endpoints();
    }

    @Deactivate
    void deactivate() {
        transport.close();
    }
}
