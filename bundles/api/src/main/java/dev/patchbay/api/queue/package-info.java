/**
 * Work-queue storage (the HTTP queue's model): messages addressed to a node, claimed by a pull,
 * finished by an ack. Storage bundles register a {@link dev.patchbay.api.queue.QueueStore} tagged
 * with {@code patchbay.store}; several nodes may share one store (PostgreSQL), so every state
 * change is one atomic store operation.
 */
@Version("2.0.0")
@Export
package dev.patchbay.api.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
