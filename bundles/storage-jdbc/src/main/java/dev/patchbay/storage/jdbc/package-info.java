/**
 * A {@link dev.patchbay.api.queue.QueueStore} on any SQL database: {@link dev.patchbay.storage.jdbc.JdbcQueueStore}
 * with a {@link dev.patchbay.storage.jdbc.SqlDialect}, run by a
 * {@link dev.patchbay.storage.jdbc.SqlRunner}. Exported for the storage bundles that build on it.
 */
@Version("2.0.0")
@Export
package dev.patchbay.storage.jdbc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
