package dev.patchbay.cluster.nats;

import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.broker.RoomFederation;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the node's rooms to the deployment's over NATS, once configured
 * ({@code etc/dev.patchbay.cluster.nats.cfg}); without a configuration the node's rooms are its own.
 */
@Component(immediate = true, configurationPid = NatsFederationComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
           service = {RoomFederation.class, MetricSource.class})
@Designate(ocd = NatsFederationComponent.Config.class)
public final class NatsFederationComponent implements RoomFederation, MetricSource {

    public static final String PID = "dev.patchbay.cluster.nats";
    private static final Logger LOG = LoggerFactory.getLogger(NatsFederationComponent.class);

    @ObjectClassDefinition(name = "Patchbay cluster over NATS")
    public @interface Config {
        @AttributeDefinition(description = "NATS server URLs, comma separated")
        String[] servers() default {"nats://127.0.0.1:4222"};

        @AttributeDefinition(description = "This node's name, unique in the deployment (letters, digits, - and _); empty: a random one at each start")
        String node() default "";

        @AttributeDefinition(description = "The subject the deployment's rooms travel on (one per deployment)")
        String subject() default "patchbay.rooms";

        @AttributeDefinition(description = "The prefix of the subjects snakeMQ identities are announced and handed over on (one per deployment)")
        String peers_subject() default "patchbay.peers";
    }

    private final NatsRoomFederation federation;

    @Activate
    public NatsFederationComponent(Config config, @Reference(name = "broker") Broker broker) throws InterruptedException {
        String node = ClusterConfig.node(config);
        List<String> servers = ClusterConfig.servers(config);
        federation = NatsRoomFederation.start(servers, node, config.subject(), broker);
        LOG.info("rooms of node '{}' joined to the deployment's over NATS {} (subject {})", node, servers, config.subject());
    }

    @Override
    public void published(RoomMessage message) {
        federation.published(message);
    }

    @Override
    public List<MetricValue> metrics() {
        return federation.metrics();
    }

    @Deactivate
    void deactivate() {
        federation.close();
    }
}
