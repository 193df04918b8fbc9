/**
 * The Netty transport. Inside OSGi it is used through the
 * {@link dev.patchbay.api.transport.Transport} service, so the package is not exported; plain Java
 * applications that embed Patchbay's protocols use {@link dev.patchbay.transport.netty.NettyTransport}
 * from the jar.
 */
package dev.patchbay.transport.netty;
