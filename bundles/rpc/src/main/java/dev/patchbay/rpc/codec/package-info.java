/**
 * The encodings of RPC messages: snakeMQ's pickle payloads and Patchbay's JSON ones.
 */
@Version("1.0.0")
@Export
package dev.patchbay.rpc.codec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
