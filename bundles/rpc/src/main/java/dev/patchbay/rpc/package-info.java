/**
 * RPC over snakeMQ peer messaging, wire-compatible with snakeMQ's {@code snakemq.rpc}: register
 * objects by name on a {@link dev.patchbay.rpc.SnakeMqRpc}, call them from any peer, Python or
 * Java, through {@link dev.patchbay.rpc.SnakeMqRpc#call} or a typed
 * {@link dev.patchbay.rpc.SnakeMqRpc#proxy}.
 */
@Version("1.0.0")
@Export
package dev.patchbay.rpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
