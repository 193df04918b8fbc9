package dev.patchbay.snakemq;

import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.api.peer.PeerStats;
import dev.patchbay.support.MetricLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A peer's counters and queues as metrics (the node's snakeMQ component publishes them). */
public final class SnakeMqMetrics {

    private SnakeMqMetrics() {
    }

    public static List<MetricValue> of(PeerMessaging peer) {
        List<MetricValue> values = new ArrayList<>();
        Map<String, String> labels = Map.of("peer", peer.identity());
        PeerStats stats = peer.stats();
        values.add(MetricValue.counter("patchbay_snakemq_messages_sent_total", "Messages written to connections", labels, stats.sent()));
        values.add(MetricValue.counter("patchbay_snakemq_messages_received_total", "Messages handed to listeners", labels,
                stats.received()));
        values.add(MetricValue.counter("patchbay_snakemq_messages_dropped_total", "Queued messages dropped for TTL", labels,
                stats.dropped()));
        values.add(MetricValue.counter("patchbay_snakemq_duplicates_dropped_total", "Redeliveries not handed over again", labels,
                stats.duplicatesDropped()));
        values.add(MetricValue.gauge("patchbay_snakemq_connected_peers", "Identities connected now", labels,
                peer.connectedPeers().size()));
        Map<String, Integer> depths = peer.queueDepths();
        values.add(MetricValue.gauge("patchbay_snakemq_known_identities", "Identities with a queue now", labels, depths.size()));
        values.add(MetricValue.gauge("patchbay_snakemq_queued_messages", "Messages waiting for all destinations", labels,
                depths.values().stream().mapToLong(Integer::longValue).sum()));
        for (String destination : MetricLabels.largest(depths, Integer::longValue)) {
            values.add(MetricValue.gauge("patchbay_snakemq_queue_depth",
                    "Messages waiting for a destination (the " + MetricLabels.MAX_LABELLED + " deepest)",
                    Map.of("peer", peer.identity(), "destination", destination), depths.get(destination)));
        }
        return values;
    }
}
