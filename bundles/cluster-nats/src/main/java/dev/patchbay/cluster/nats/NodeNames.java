package dev.patchbay.cluster.nats;

import java.util.UUID;

/** The node's name in the deployment, the same for this bundle's components. */
final class NodeNames {

    /** Used when the configuration names none: random, once per start of the bundle. */
    private static final String RANDOM = "node-" + UUID.randomUUID().toString().substring(0, 8);

    private NodeNames() {
    }

    static String of(String configured) {
        return configured == null || configured.isBlank() ? RANDOM : configured.trim();
    }
}
