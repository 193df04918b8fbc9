/**
 * The message model shared by every protocol, the broker and the stores.
 */
@Version("1.0.0")
@Export
package dev.patchbay.api.message;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
