/**
 * Storage SPI. A {@link dev.patchbay.api.store.MessageStore} keeps the messages of named
 * queues; storage bundles (memory, SQLite, PostgreSQL) register one each, tagged with
 * {@code patchbay.store}, and the broker follows whichever one its configuration selects.
 */
@Version("1.1.0")
@Export
package dev.patchbay.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
