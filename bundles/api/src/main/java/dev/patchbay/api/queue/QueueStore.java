package dev.patchbay.api.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Messages addressed to nodes, claimed by pulls and finished by acks. Every method is one atomic
 * operation on the store, safe against other threads and, for stores shared by several nodes,
 * against other processes: a message is claimed by exactly one pull. Methods block on I/O; call
 * them off event loops. Failures raise {@link dev.patchbay.api.store.StoreException}.
 *
 * <p>Order is first pushed, first pulled (and listed) per store.
 */
@ProviderType
public interface QueueStore {

    /**
     * Stores a message as given (a new one from a push, or one moved from another store),
     * unless a message with its id is there already.
     *
     * @return {@code false} if the id was taken (nothing changed)
     */
    boolean push(QueuedMessage message);

    /**
     * Claims the oldest message for {@code destination} that is pending, or scheduled at or before
     * {@code now}: it becomes {@code processing}, its tries grow by one.
     */
    Optional<QueuedMessage> pull(String destination, Instant now);

    /** A {@code processing} message for {@code destination} becomes {@code processed}. */
    Optional<QueuedMessage> ack(String id, String destination, Instant now);

    /** The message if {@code node} is its source or destination. */
    Optional<QueuedMessage> get(String id, String node);

    /** Messages whose source or destination is {@code node}, oldest first, at most {@code limit}. */
    List<QueuedMessage> list(String node, int limit);

    /** Replaces the payload of a pending or scheduled message that {@code source} pushed. */
    Optional<QueuedMessage> updatePayload(String id, String source, PayloadKind kind, byte[] payload, Instant now);

    /** Deletes a pending or scheduled message that {@code source} pushed; returns how many (0 or 1). */
    int delete(String id, String source);

    /** Deletes every pending or scheduled message that {@code source} pushed. */
    int deleteAll(String source);

    /** Deletes every message of every node. */
    int deleteEverything();

    /**
     * Hands back messages claimed before {@code now - visibilityTimeout} and never acked: to
     * {@code pending}, or to {@code dead} once they were pulled {@code maxTries} times.
     *
     * @return how many messages changed
     */
    int requeueExpired(Instant now, Duration visibilityTimeout, int maxTries);

    /** The oldest messages of every node and status, to move them to another store. */
    List<QueuedMessage> oldest(int limit);

    /** Deletes these messages whatever their state (after moving them elsewhere); returns how many. */
    int remove(java.util.Collection<String> ids);

    /** Messages per status, for operations. */
    java.util.Map<QueueStatus, Long> countByStatus();

    /** When the changes of a {@link #batch} must be durable. @since 2.0 */
    enum Commit {
        /** Before {@link #batch} returns. */
        DURABLE,
        /**
         * For operations whose loss in a crash only hands messages out again (claims by
         * {@link #pull}, reads): a store that commits batches may return before they are durable
         * and commit them with its next durable batch, at the latest once a bounded amount of work
         * or time has gone by. A crash before that commit leaves the claimed messages pending, as
         * the visibility timeout would. Never for pushes or acks, whose answers promise durability.
         */
        DEFERRABLE
    }

    /**
     * Runs {@code operations}, which call this store any number of times, and returns once every
     * change is durable, or with {@link Commit#DEFERRABLE} possibly before. Where
     * {@link #commitsBatches} is true (a single writer, SQLite) they run in one transaction and
     * commit once: a server that queues requests serves all of them for the price of one commit;
     * if an operation or the commit fails, none of the changes remain and this throws
     * {@link dev.patchbay.api.store.StoreException}, so the caller may run the operations again one
     * by one. A durable batch also commits what deferrable batches before it left uncommitted; a
     * server runs an empty one ({@code batch(DURABLE, () -> null)}) when it runs out of work.
     * Otherwise (the default, for stores that serve concurrent callers better) each call commits
     * on its own, and a failure leaves the calls before it done.
     *
     * @since 2.0
     */
    default <T> T batch(Commit commit, Supplier<T> operations) {
        return operations.get();
    }

    /**
     * Whether {@link #batch} commits its operations once for all, so callers gain by queuing
     * work for one thread rather than calling from many. Not a control but what the store is:
     * a server asks it to choose how many threads call the store.
     *
     * @since 1.1
     */
    default boolean commitsBatches() {
        return false;
    }
}
