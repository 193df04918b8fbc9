/**
 * Measurements that components publish for the metrics bundle: register a
 * {@link dev.patchbay.api.metrics.LatencySource} service and its histograms appear on JMX and the
 * Prometheus endpoint.
 */
@Version("1.1.0")
@Export
package dev.patchbay.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
