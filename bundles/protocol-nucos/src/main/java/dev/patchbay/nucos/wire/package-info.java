/**
 * The nucosMQ frame codec: Python-identical JSON encoding with the {@code _EOM_} escape, lenient
 * decoding. Internal to the bundle (not exported).
 */
package dev.patchbay.nucos.wire;
