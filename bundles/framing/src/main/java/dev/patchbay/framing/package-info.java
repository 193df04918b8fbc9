/**
 * Frame codecs. Inside OSGi they are used through the {@link dev.patchbay.api.transport.Framing}
 * services this bundle registers; the classes are exported for embedding Patchbay's protocols
 * in plain Java applications.
 */
@Version("1.0.0")
@Export
package dev.patchbay.framing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
