package dev.patchbay.api.metrics;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component that counts its own work (a protocol's logins, refusals, events); the metrics
 * bundle reads every such service when scraped and publishes the values over Prometheus and JMX.
 */
@ConsumerType
@FunctionalInterface
public interface MetricSource {

    /** The values as they are now; cheap, called on every scrape. */
    List<MetricValue> metrics();
}
