package dev.patchbay.metrics;

import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.broker.RoomInfo;
import dev.patchbay.api.metrics.LatencyHistogram;
import dev.patchbay.api.metrics.LatencySource;
import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.TrafficStats;
import dev.patchbay.support.MetricLabels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the node's counters and gauges from the services handed in: what the api exposes
 * (endpoints, stores, rooms, HTTP queue stores) and whatever {@link MetricSource}s and
 * {@link LatencySource}s report for themselves (protocols publish their own). Plain Java.
 */
public final class NodeMetrics {

    private final Supplier<Collection<Endpoint>> endpoints;
    private final Supplier<Map<String, MessageStore>> stores;
    private final Supplier<Collection<Broker>> brokers;
    private final Supplier<Map<String, QueueStore>> queueStores;
    private final Supplier<Collection<LatencySource>> latencies;
    private final Supplier<Collection<MetricSource>> sources;

    /**
     * @param brokers     the routing cores whose rooms are measured
     * @param queueStores the HTTP queue's stores, by display name
     * @param latencies   components that time their work
     */
    public NodeMetrics(Supplier<Collection<Endpoint>> endpoints, Supplier<Map<String, MessageStore>> stores,
                       Supplier<Collection<Broker>> brokers,
                       Supplier<Map<String, QueueStore>> queueStores, Supplier<Collection<LatencySource>> latencies) {
        this(endpoints, stores, brokers, queueStores, latencies, List::of);
    }

    /** @param sources components that report counters of their own ({@link MetricSource}) */
    public NodeMetrics(Supplier<Collection<Endpoint>> endpoints, Supplier<Map<String, MessageStore>> stores,
                       Supplier<Collection<Broker>> brokers,
                       Supplier<Map<String, QueueStore>> queueStores, Supplier<Collection<LatencySource>> latencies,
                       Supplier<Collection<MetricSource>> sources) {
        this.sources = sources;
        this.endpoints = endpoints;
        this.stores = stores;
        this.brokers = brokers;
        this.queueStores = queueStores;
        this.latencies = latencies;
    }

    public List<Sample> collect() {
        List<Sample> samples = new ArrayList<>();
        for (Endpoint endpoint : endpoints.get()) {
            Map<String, String> labels = Map.of("endpoint", endpoint.spec().name());
            TrafficStats stats = endpoint.stats();
            samples.add(Sample.gauge("patchbay_endpoint_open_connections", "Connections open now", labels, stats.openConnections()));
            samples.add(Sample.counter("patchbay_endpoint_accepted_connections_total", "Connections accepted", labels,
                    stats.acceptedConnections()));
            samples.add(Sample.counter("patchbay_endpoint_bytes_read_total", "Bytes received on the wire", labels, stats.bytesRead()));
            samples.add(Sample.counter("patchbay_endpoint_bytes_written_total", "Bytes sent on the wire", labels,
                    stats.bytesWritten()));
            samples.add(Sample.counter("patchbay_endpoint_refused_connections_total",
                    "Connections closed on arrival by a connection limit", labels, stats.refusedConnections()));
            samples.add(Sample.gauge("patchbay_endpoint_queued_outbound_bytes", "Bytes waiting in outbound buffers now",
                    labels, stats.queuedOutboundBytes()));
        }
        stores.get().forEach((name, store) -> {
            Map<String, Long> depths = new java.util.HashMap<>();
            for (String queue : store.queues()) {
                depths.put(queue, (long) store.depth(queue));
            }
            for (String queue : MetricLabels.largest(depths, Long::longValue)) {
                samples.add(Sample.gauge("patchbay_store_queue_depth", "Messages kept in a store queue (the "
                        + MetricLabels.MAX_LABELLED + " deepest)", Map.of("store", name, "queue", queue), depths.get(queue)));
            }
        });
        for (Broker broker : brokers.get()) {
            Collection<RoomInfo> rooms = broker.rooms();
            samples.add(Sample.gauge("patchbay_rooms", "Rooms now", Map.of(), rooms.size()));
            Map<RoomInfo, Integer> byMembers = new java.util.HashMap<>();
            rooms.forEach(room -> byMembers.put(room, room.members()));
            for (RoomInfo room : MetricLabels.largest(byMembers, Integer::longValue)) {
                Map<String, String> labels = Map.of("room", room.name());
                samples.add(Sample.gauge("patchbay_room_members", "Members of a room now", labels, room.members()));
                samples.add(Sample.gauge("patchbay_room_depth", "Messages members accepted and have not written yet", labels,
                        room.pendingMessages()));
                samples.add(Sample.counter("patchbay_room_published_total", "Messages published into a room", labels, room.published()));
                samples.add(Sample.counter("patchbay_room_delivered_total", "Deliveries to room members", labels, room.delivered()));
                samples.add(Sample.counter("patchbay_room_refused_total", "Deliveries members refused (full outbound queue)",
                        labels, room.refused()));
                samples.add(Sample.counter("patchbay_room_refused_publishes_total",
                        "Publishes refused (the sender not a member, or a control event)", labels, room.refusedPublishes()));
            }
        }
        queueStores.get().forEach((name, store) -> store.countByStatus().forEach((status, count) ->
                samples.add(Sample.gauge("patchbay_queue_messages", "HTTP queue messages by status",
                        Map.of("store", name, "status", status.wireName()), count))));
        for (MetricSource source : sources.get()) {
            for (MetricValue value : source.metrics()) {
                samples.add(value.type() == MetricValue.Type.COUNTER
                        ? Sample.counter(value.name(), value.help(), value.labels(), value.value())
                        : Sample.gauge(value.name(), value.help(), value.labels(), value.value()));
            }
        }
        for (LatencySource source : latencies.get()) {
            for (LatencyHistogram histogram : source.latencies()) {
                samples.addAll(Sample.histogram(histogram));
            }
        }
        return samples;
    }
}
