package dev.patchbay.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.snakemq.SnakeMqMetrics;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.storage.memory.MemoryMessageStore;
import dev.patchbay.transport.netty.NettyTransport;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.After;
import org.junit.Before;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.metrics.LatencyHistogram;
import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.broker.RoomSubscriber;
import dev.patchbay.broker.RoomBroker;
import org.junit.Test;

public class MetricsTest {

    private NettyTransport transport;
    private SnakeMqPeer peer;
    private MemoryMessageStore store;
    private NodeMetrics metrics;

    private RoomBroker broker;

    @Before
    public void start() {
        transport = new NettyTransport(1, null);
        store = new MemoryMessageStore();
        peer = SnakeMqPeer.builder("node").transport(transport).framing(new Uint32LengthFraming()).store(store).build();
        peer.listen(new EndpointSpec("snakemq", "127.0.0.1", 0, null));
        peer.send("bob", PeerMessage.of(new byte[] {1}).persistent(true));
        broker = new RoomBroker();
        broker.subscribe("weather", new RoomSubscriber() {
            @Override
            public String name() {
                return "alice#1";
            }

            @Override
            public boolean deliver(RoomMessage message) {
                return true;
            }
        });
        broker.publish(new RoomMessage("weather", "today", "sunny", ""));
        metrics = new NodeMetrics(transport::endpoints, () -> Map.of("memory", store),
                () -> List.of(broker), Map::of, () -> List.of(() -> List.of(new LatencyHistogram("patchbay_test_request",
                        "Test requests", Map.of("route", "push"), List.of(0.001, 0.01), List.of(3L, 5L), 6, 0.125))),
                () -> List.of(() -> SnakeMqMetrics.of(peer)));
    }

    @After
    public void stop() {
        peer.close();
        transport.close();
    }

    @Test
    public void prometheusTextHasTypesHelpAndLabels() {
        String text = PrometheusText.render(metrics.collect());
        assertTrue(text, text.contains("# TYPE patchbay_endpoint_bytes_read_total counter\n"));
        assertTrue(text, text.contains("patchbay_endpoint_open_connections{endpoint=\"snakemq\"} 0\n"));
        assertTrue(text, text.contains("patchbay_snakemq_queue_depth{destination=\"bob\",peer=\"node\"} 1\n"));
        assertTrue(text, text.contains("patchbay_store_queue_depth{queue=\"bob\",store=\"memory\"} 1\n"));
        assertTrue(text, text.contains("patchbay_room_members{room=\"weather\"} 1\n"));
        assertTrue(text, text.contains("patchbay_room_delivered_total{room=\"weather\"} 1\n"));
    }

    @Test
    public void latencyHistogramsArePrometheusHistograms() {
        String text = PrometheusText.render(metrics.collect());
        assertTrue(text, text.contains("# HELP patchbay_test_request_seconds Test requests\n"
                + "# TYPE patchbay_test_request_seconds histogram\n"
                + "patchbay_test_request_seconds_bucket{route=\"push\",le=\"0.001\"} 3\n"
                + "patchbay_test_request_seconds_bucket{route=\"push\",le=\"0.01\"} 5\n"
                + "patchbay_test_request_seconds_bucket{route=\"push\",le=\"+Inf\"} 6\n"
                + "patchbay_test_request_seconds_sum{route=\"push\"} 0.125\n"
                + "patchbay_test_request_seconds_count{route=\"push\"} 6\n"));
    }

    @Test
    public void metricSourcesPublishTheirOwnCountersAndGauges() {
        MetricSource nucosLike = () -> List.of(
                MetricValue.counter("patchbay_nucos_messages_in_total", "Events clients sent", Map.of("endpoint", "nucos"), 7),
                MetricValue.gauge("patchbay_nucos_clients", "Clients connected now", Map.of("endpoint", "nucos"), 2));
        String text = PrometheusText.render(new NodeMetrics(List::of, Map::of, List::of, Map::of, List::of,
                () -> List.of(nucosLike)).collect());
        assertTrue(text, text.contains("# TYPE patchbay_nucos_messages_in_total counter\n"
                + "patchbay_nucos_messages_in_total{endpoint=\"nucos\"} 7\n"));
        assertTrue(text, text.contains("# TYPE patchbay_nucos_clients gauge\npatchbay_nucos_clients{endpoint=\"nucos\"} 2\n"));
    }

    @Test
    public void labelValuesAreEscaped() {
        String text = PrometheusText.render(List.of(Sample.gauge("a", "h", Map.of("x", "q\"\\\n"), 1)));
        assertEquals("# HELP a h\n# TYPE a gauge\na{x=\"q\\\"\\\\\\n\"} 1\n", text);
    }

    @Test
    public void theHttpEndpointServesTheTextAndNothingElse() throws Exception {
        int port = transport.listen(new EndpointSpec("metrics", "127.0.0.1", 0, null),
                MetricsHttpHandler.setup(metrics::collect)).localAddress().getPort();
        HttpURLConnection ok = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openConnection();
        assertEquals(200, ok.getResponseCode());
        assertEquals(PrometheusText.CONTENT_TYPE, ok.getContentType());
        String body = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body, body.contains("patchbay_snakemq_messages_sent_total{peer=\"node\"} 0"));
        HttpURLConnection missing = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/other").toURL().openConnection();
        assertEquals(404, missing.getResponseCode());
    }

    @Test
    public void jmxShowsTheSamplesAsAttributes() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.patchbay.test:type=Metrics");
        server.registerMBean(new MetricsMBean(metrics::collect), name);
        try {
            assertEquals(1.0, server.getAttribute(name, "patchbay_snakemq_queue_depth[destination=bob,peer=node]"));
            assertTrue(server.getMBeanInfo(name).getAttributes().length >= 8);
        } finally {
            server.unregisterMBean(name);
        }
    }
}
