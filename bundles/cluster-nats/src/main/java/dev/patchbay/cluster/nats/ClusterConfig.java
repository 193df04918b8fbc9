package dev.patchbay.cluster.nats;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** What both components of this bundle read from their shared configuration, read once here. */
final class ClusterConfig {

    /** The node's name when the configuration names none: random, once per start of the bundle. */
    private static final String RANDOM_NODE = "node-" + UUID.randomUUID().toString().substring(0, 8);

    private ClusterConfig() {
    }

    /** The node's name in the deployment, the same for the rooms and the identities. */
    static String node(NatsFederationComponent.Config config) {
        return config.node() == null || config.node().isBlank() ? RANDOM_NODE : config.node().trim();
    }

    /** The server URLs (a .cfg file gives them as one comma-separated string). */
    static List<String> servers(NatsFederationComponent.Config config) {
        return Arrays.stream(String.join(",", config.servers()).split(","))
                .map(String::trim).filter(server -> !server.isEmpty()).toList();
    }
}
