/**
 * JSON written the way the reference Python peers write it, so that Patchbay's frames match
 * theirs byte for byte.
 */
@Version("1.0.0")
@Export
package dev.patchbay.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
