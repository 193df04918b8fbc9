/** The nucosMQ frame codec: Python-identical JSON encoding with the {@code _EOM_} escape, lenient decoding. */
@Version("1.0.0")
@Export
package dev.patchbay.nucos.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
