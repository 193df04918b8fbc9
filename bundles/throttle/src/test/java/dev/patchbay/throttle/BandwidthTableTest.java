package dev.patchbay.throttle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.patchbay.api.throttle.BandwidthLimit;
import java.util.Map;
import org.junit.Test;

public class BandwidthTableTest {

    @Test
    public void endpointsWithoutEntriesGetTheDefaults() {
        BandwidthTable table = BandwidthTable.from(Map.of(
                "default.read.bytes.per.second", "1000",
                "default.write.bytes.per.second", 2000L,
                "endpoint.snakemq.write.bytes.per.second", "100000"));
        assertEquals(new BandwidthLimit(1000, 2000), table.limitFor("tpp"));
        assertEquals(new BandwidthLimit(1000, 100000), table.limitFor("snakemq"));
    }

    @Test
    public void nothingConfiguredMeansUnlimited() {
        assertEquals(BandwidthLimit.UNLIMITED, BandwidthTable.from(Map.of("service.pid", "x")).limitFor("any"));
    }

    @Test
    public void endpointNamesMayContainDots() {
        BandwidthTable table = BandwidthTable.from(Map.of("endpoint.snakemq-a.b.read.bytes.per.second", "5"));
        assertEquals(new BandwidthLimit(5, 0), table.limitFor("snakemq-a.b"));
    }

    @Test
    public void aBadValueIsReportedWithItsKey() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> BandwidthTable.from(Map.of("endpoint.x.read.bytes.per.second", "fast")));
        assertEquals("endpoint.x.read.bytes.per.second = 'fast' is not a byte rate (a whole number >= 0)", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BandwidthTable.from(Map.of("default.read.bytes.per.second", "-1")));
    }
}
