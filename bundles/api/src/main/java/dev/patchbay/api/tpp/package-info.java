/**
 * TPP (ToxicBuild Poor's Protocol) action whiteboard.
 *
 * <p>Register a {@link dev.patchbay.api.tpp.TppActionHandler} service with the
 * {@code patchbay.tpp.action} property and the TPP server dispatches authenticated requests
 * for that action to it. Bodies are plain Java values as JSON maps them: {@code Map},
 * {@code List}, {@code String}, {@code Number}, {@code Boolean} or {@code null}; replies may
 * also carry records or beans, which are serialized with Jackson.
 */
@Version("1.1.0")
@Export
package dev.patchbay.api.tpp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
