/**
 * Transport SPI: listeners and connectors, and the framing codecs plugged into them.
 *
 * <p>This is the one package of the API that names Netty types: framing and protocol bundles
 * contribute handlers to the {@link io.netty.channel.ChannelPipeline} of each connection the
 * transport opens. The transport owns sockets, event loops and TLS; everything after the bytes
 * is contributed through {@link dev.patchbay.api.transport.ChannelSetup}.
 */
@Version("1.3.0")
@Export
package dev.patchbay.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
