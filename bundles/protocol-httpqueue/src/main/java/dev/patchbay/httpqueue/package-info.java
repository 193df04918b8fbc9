/**
 * The scirocco-compatible HTTP work queue: {@link dev.patchbay.httpqueue.HttpQueueServer} on any
 * {@link dev.patchbay.api.queue.QueueStore}, switchable at run time through
 * {@link dev.patchbay.httpqueue.StoreSwitch}.
 */
@Version("1.1.0")
@Export
package dev.patchbay.httpqueue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
