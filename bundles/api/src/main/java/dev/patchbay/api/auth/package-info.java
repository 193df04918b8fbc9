/**
 * Authentication SPI. Protocol bundles hand the credentials a client presented to an
 * {@link dev.patchbay.api.auth.Authenticator} service chosen by its {@code patchbay.auth}
 * service property; deployments replace or add authenticators at runtime.
 */
@Version("1.3.0")
@Export
package dev.patchbay.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
