package dev.patchbay.api.store;

import dev.patchbay.api.message.Message;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps messages of named queues, in the order they were appended.
 *
 * <p>Writes complete asynchronously so that an implementation can commit many of them in one
 * transaction (group commit): the returned stage completes only once the write is durable for
 * a persistent store. A store never loses or corrupts a message whose append completed
 * normally. Operations take effect in the order they were called: a remove issued after an
 * append of the same message removes it even if neither has completed yet. All methods are
 * thread safe.
 *
 * <p>Appending a message whose id is already in the queue changes nothing, so that a client
 * can safely re-append what it holds after a restart or a switch of stores.
 */
@ConsumerType
public interface MessageStore {

    /** Service property naming the implementation, e.g. {@code sqlite}, {@code memory}. */
    String NAME_PROPERTY = "patchbay.store";

    /** Appends a message to the end of a queue unless it is already there; completes when stored. */
    CompletionStage<Void> append(String queue, Message message);

    /** Removes a message; completes with {@code true} if it was there. */
    CompletionStage<Boolean> remove(String queue, UUID messageId);

    /** Removes several messages of one queue in one go; completes when all are removed. */
    default CompletionStage<Void> removeAll(String queue, Collection<UUID> messageIds) {
        CompletionStage<Void> last = CompletableFuture.completedFuture(null);
        for (UUID id : messageIds) {
            CompletionStage<Boolean> removed = remove(queue, id);
            last = last.thenCombine(removed, (a, b) -> null);
        }
        return last;
    }

    /** Up to {@code limit} messages from the head of a queue, oldest first. */
    List<Message> peek(String queue, int limit);

    /** Number of messages in a queue. */
    long depth(String queue);

    /** Names of the queues that hold at least one message. */
    Set<String> queues();
}
