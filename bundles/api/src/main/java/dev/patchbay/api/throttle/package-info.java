/**
 * Bandwidth throttling SPI: a {@link dev.patchbay.api.throttle.Throttle} service tells the
 * transport how fast each endpoint's connections may read and write.
 */
@Version("1.0.0")
@Export
package dev.patchbay.api.throttle;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
