package dev.patchbay.httpqueue;

import java.util.function.Consumer;

/** Where the HTTP layer leaves complete requests; each answer comes back through its reply. */
@FunctionalInterface
interface RequestInbox {

    /** A request and where its answer goes. */
    record Pending(HttpQueueRequest request, Consumer<HttpQueueResponse> reply) {
    }

    /** @return {@code false} if the request cannot be taken now (answer 503) */
    boolean offer(Pending pending);
}
