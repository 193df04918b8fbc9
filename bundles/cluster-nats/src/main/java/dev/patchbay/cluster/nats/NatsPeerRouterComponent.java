package dev.patchbay.cluster.nats;

import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.api.peer.PeerRouter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the node's snakeMQ sends to identities connected to other nodes of the deployment, with
 * the same configuration as the rooms ({@code etc/dev.patchbay.cluster.nats.cfg}); needs the node's
 * snakeMQ peer.
 */
@Component(immediate = true, configurationPid = NatsFederationComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
           service = PeerRouter.class)
public final class NatsPeerRouterComponent implements PeerRouter {

    private static final Logger LOG = LoggerFactory.getLogger(NatsPeerRouterComponent.class);

    private final NatsPeerRouter router;

    @Activate
    public NatsPeerRouterComponent(NatsFederationComponent.Config config, @Reference(name = "peer") PeerMessaging peer)
            throws InterruptedException {
        String node = ClusterConfig.node(config);
        List<String> servers = ClusterConfig.servers(config);
        router = NatsPeerRouter.start(servers, node, config.peers_subject(), peer);
        LOG.info("snakeMQ identities of node '{}' routed across the deployment over NATS {}", node, servers);
    }

    @Override
    public void connectedHere(Set<String> identities) {
        router.connectedHere(identities);
    }

    @Override
    public String nodeOf(String identity) {
        return router.nodeOf(identity);
    }

    @Override
    public CompletionStage<Void> forward(String node, String destination, PeerMessage message) {
        return router.forward(node, destination, message);
    }

    @Deactivate
    void deactivate() {
        router.close();
    }
}
