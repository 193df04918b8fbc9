/**
 * A blocking TPP client: one connection per request, as the protocol requires.
 */
@Version("1.0.0")
@Export
package dev.patchbay.client.tpp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
