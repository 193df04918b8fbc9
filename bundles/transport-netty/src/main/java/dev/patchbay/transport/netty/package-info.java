/**
 * The Netty transport. Inside OSGi it is used through the
 * {@link dev.patchbay.api.transport.Transport} service; {@link dev.patchbay.transport.netty.NettyTransport}
 * is exported for embedding Patchbay's protocols in plain Java applications.
 */
@Version("1.0.0")
@Export
package dev.patchbay.transport.netty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
