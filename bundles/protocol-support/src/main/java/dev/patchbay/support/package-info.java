/**
 * Plumbing the protocol and authentication bundles share: plain Java and small Netty handlers
 * (connection deadlines, idle close, keep-alive), no services, no configuration of its own.
 */
@Version("1.2.0")
@Export
package dev.patchbay.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
