package dev.patchbay.throttle;

import dev.patchbay.api.throttle.BandwidthLimit;
import java.util.HashMap;
import java.util.Map;

/**
 * Bandwidth limits per endpoint name, read from configuration properties:
 *
 * <pre>
 * default.read.bytes.per.second = 0           (0 = unlimited)
 * default.write.bytes.per.second = 0
 * endpoint.snakemq.write.bytes.per.second = 100000
 * endpoint.snakemq.read.bytes.per.second = 100000
 * </pre>
 *
 * An endpoint without its own entry gets the defaults; an entry sets only the direction it
 * names, the other direction keeps the default. Immutable.
 */
public final class BandwidthTable {

    private static final String DEFAULT_READ = "default.read.bytes.per.second";
    private static final String DEFAULT_WRITE = "default.write.bytes.per.second";
    private static final String ENDPOINT_PREFIX = "endpoint.";
    private static final String READ_SUFFIX = ".read.bytes.per.second";
    private static final String WRITE_SUFFIX = ".write.bytes.per.second";

    private final BandwidthLimit defaults;
    private final Map<String, BandwidthLimit> byEndpoint;

    private BandwidthTable(BandwidthLimit defaults, Map<String, BandwidthLimit> byEndpoint) {
        this.defaults = defaults;
        this.byEndpoint = Map.copyOf(byEndpoint);
    }

    /**
     * @throws IllegalArgumentException naming the property whose value is not a non-negative number
     */
    public static BandwidthTable from(Map<String, ?> properties) {
        long defaultRead = rate(properties, DEFAULT_READ);
        long defaultWrite = rate(properties, DEFAULT_WRITE);
        BandwidthLimit defaults = new BandwidthLimit(defaultRead, defaultWrite);
        Map<String, long[]> rates = new HashMap<>();
        for (String key : properties.keySet()) {
            if (!key.startsWith(ENDPOINT_PREFIX)) {
                continue;
            }
            String rest = key.substring(ENDPOINT_PREFIX.length());
            if (rest.endsWith(READ_SUFFIX)) {
                String endpoint = rest.substring(0, rest.length() - READ_SUFFIX.length());
                rates.computeIfAbsent(endpoint, e -> new long[] {defaultRead, defaultWrite})[0] = rate(properties, key);
            } else if (rest.endsWith(WRITE_SUFFIX)) {
                String endpoint = rest.substring(0, rest.length() - WRITE_SUFFIX.length());
                rates.computeIfAbsent(endpoint, e -> new long[] {defaultRead, defaultWrite})[1] = rate(properties, key);
            }
        }
        Map<String, BandwidthLimit> byEndpoint = new HashMap<>();
        rates.forEach((endpoint, readWrite) -> byEndpoint.put(endpoint, new BandwidthLimit(readWrite[0], readWrite[1])));
        return new BandwidthTable(defaults, byEndpoint);
    }

    public BandwidthLimit limitFor(String endpointName) {
        return byEndpoint.getOrDefault(endpointName, defaults);
    }

    private static long rate(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        if (value == null) {
            return 0;
        }
        try {
            long rate = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
            if (rate < 0) {
                throw new NumberFormatException("negative");
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + value + "' is not a byte rate (a whole number >= 0)");
        }
    }

    @Override
    public String toString() {
        return "default " + defaults + ", per endpoint " + byEndpoint;
    }
}
