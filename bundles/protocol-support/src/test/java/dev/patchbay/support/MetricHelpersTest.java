package dev.patchbay.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import dev.patchbay.api.metrics.LatencyHistogram;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class MetricHelpersTest {

    @Test
    public void onlyTheLargestGetALabelLargestFirst() {
        Map<String, Integer> depths = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            depths.put("queue-" + i, i);
        }
        List<String> labelled = MetricLabels.largest(depths, Integer::longValue);
        assertEquals(MetricLabels.MAX_LABELLED, labelled.size());
        assertEquals("queue-249", labelled.get(0));
        assertEquals("queue-150", labelled.get(99));
    }

    @Test
    public void latenciesLandInCumulativeBuckets() {
        LatencyBuckets buckets = new LatencyBuckets();
        assertNull("nothing recorded, no histogram", buckets.snapshot("x", "h", Map.of()));
        buckets.record(50_000);        // 50 us: the first bucket (100 us)
        buckets.record(2_000_000);     // 2 ms: the 2.5 ms bucket
        buckets.record(60_000_000_000L); // a minute: beyond the last bound, only in the count
        LatencyHistogram histogram = buckets.snapshot("patchbay_test", "h", Map.of("route", "r"));
        assertEquals(3, histogram.count());
        assertEquals(1L, (long) histogram.cumulativeCounts().get(0));
        int bound25ms = LatencyBuckets.BOUNDS_SECONDS.indexOf(0.0025);
        assertEquals(2L, (long) histogram.cumulativeCounts().get(bound25ms));
        assertEquals(2L, (long) histogram.cumulativeCounts().get(histogram.cumulativeCounts().size() - 1));
        assertEquals(60.00205, histogram.sumSeconds(), 1e-9);
    }
}
