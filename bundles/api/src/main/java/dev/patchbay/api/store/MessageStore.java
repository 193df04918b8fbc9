package dev.patchbay.api.store;

import dev.patchbay.api.message.Message;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps messages of named queues, in the order they were appended.
 *
 * <p>Writes complete asynchronously so that an implementation can commit many of them in one
 * transaction (group commit): the returned stage completes only once the write is durable for
 * a persistent store. A store never loses or corrupts a message whose append completed
 * normally. All methods are thread safe.
 */
@ConsumerType
public interface MessageStore {

    /** Service property naming the implementation, e.g. {@code sqlite}, {@code memory}. */
    String NAME_PROPERTY = "patchbay.store";

    /** Appends a message to the end of a queue; completes when it is stored. */
    CompletionStage<Void> append(String queue, Message message);

    /** Removes a message; completes with {@code true} if it was there. */
    CompletionStage<Boolean> remove(String queue, UUID messageId);

    /** Up to {@code limit} messages from the head of a queue, oldest first. */
    List<Message> peek(String queue, int limit);

    /** Number of messages in a queue. */
    long depth(String queue);

    /** Names of the queues that hold at least one message. */
    Set<String> queues();
}
