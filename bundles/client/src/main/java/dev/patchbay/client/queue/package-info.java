/**
 * A blocking client of the scirocco-compatible HTTP queue (Patchbay's or scirocco-server):
 * push, pull, ack and the message routes, over keep-alive HTTP/1.1. Thread safe.
 */
@Version("1.0.0")
@Export
package dev.patchbay.client.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
