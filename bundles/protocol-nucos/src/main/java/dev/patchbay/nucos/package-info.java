/**
 * nucosMQ-compatible messaging: {@link dev.patchbay.nucos.NucosServer},
 * {@link dev.patchbay.nucos.NucosClient} and {@link dev.patchbay.nucos.NucosLink}, usable in
 * plain Java (give them a Transport, the {@code _EOM_} Framing and a Broker) or through the
 * node's OSGi services.
 */
@Version("1.1.0")
@Export
package dev.patchbay.nucos;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
