package dev.patchbay.api.metrics;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** A component that times its work; the metrics bundle reads every such service when scraped. */
@ConsumerType
@FunctionalInterface
public interface LatencySource {

    /** The histograms as they are now; cheap, called on every scrape. */
    List<LatencyHistogram> latencies();
}
