/**
 * The routing core that protocols share: named rooms (publish/subscribe) whose members are
 * connections of any protocol. A {@link dev.patchbay.api.broker.Broker} service is registered
 * by the broker bundle; protocol bundles subscribe their sessions and publish through it, so a
 * room's messages reach its members whatever protocol they speak.
 */
@Version("1.3.0")
@Export
package dev.patchbay.api.broker;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
