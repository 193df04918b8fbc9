package dev.patchbay.snakemq;

import dev.patchbay.api.message.Message;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.support.LiveSwitch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer's persistent messages and the {@link MessageStore} that keeps them. Every persistent
 * message queued is held here until delivered, with or without a store, so that a store bound
 * later (or switched to) gets all of them: on a switch the held messages are written to the new
 * store, removed from the previous one, and what the new store holds that the peer does not is
 * queued (a restart).
 */
final class StoreMirror {

    static final String FLAGS_HEADER = "snakemq.flags";
    static final String TTL_HEADER = "snakemq.ttl.ms";

    private static final Logger LOG = LoggerFactory.getLogger(SnakeMqPeer.class);

    /** Where a message loaded from a store goes: into its destination's queue. */
    interface Queues {
        void restore(String destination, QueuedMessage queued);

        /** Every message of {@code destination} in the store has been restored. */
        void restored(String destination);
    }

    /** A persistent message as held: its destination and its place in the queues. */
    private record Held(String destination, QueuedMessage queued) {
    }

    /** What {@link #keep} did, so that a refused message can be taken back. */
    record Kept(MessageStore appendedTo, CompletionStage<Void> stored) {
        static final Kept NOTHING = new Kept(null, CompletableFuture.completedFuture(null));
    }

    private final String owner;
    private final LongSupplier sequence;
    private final Map<UUID, Held> held = new ConcurrentHashMap<>();
    /**
     * The store; the hot path looks at it without holding it ({@link LiveSwitch#current}): the
     * store applies operations in call order, and a switch writes what is held to the next store
     * before it becomes current.
     */
    private final LiveSwitch<MessageStore> stores = new LiveSwitch<>();

    /** One switch: what the next store holds is queued and what is held written to it, then the old one forgets it. */
    private final class Move implements LiveSwitch.Handover<MessageStore> {
        private final Queues queues;
        private List<Held> moved = List.of();

        Move(Queues queues) {
            this.queues = queues;
        }

        @Override
        public void prepare(MessageStore old, MessageStore next) {
            int loaded = load(next, queues);
            moved = new ArrayList<>(held.values());
            moved.sort(Comparator.comparingLong(h -> h.queued().sequence));
            for (Held h : moved) {
                next.append(h.destination(), toStored(h.destination(), h.queued().message, h.queued().ttlNanos));
            }
            LOG.info("peer {}: using {} ({} messages loaded, {} held)", owner, next, loaded, moved.size());
        }

        @Override
        public void finish(MessageStore old, MessageStore next) {
            // The store switched away from - just now, or when the last one went - must not hand
            // the moved messages out again if it is used later.
            if (old != null) {
                removeFrom(old, moved);
            }
        }
    }

    /** @param owner the peer's identity, for log lines; {@code sequence} numbers restored messages */
    StoreMirror(String owner, LongSupplier sequence) {
        this.owner = owner;
        this.sequence = sequence;
    }

    /** Whether a store is bound now. */
    boolean hasStore() {
        return stores.current() != null;
    }

    /**
     * Holds a persistent message being queued ({@code queued.stored}) and writes it to the store.
     * Stored before it is queued: the store applies operations in call order, so the removal
     * after delivery can never overtake this append.
     */
    Kept keep(String destination, QueuedMessage queued) {
        if (!queued.stored) {
            return Kept.NOTHING;
        }
        held.put(queued.message.id(), new Held(destination, queued));
        MessageStore current = stores.current();
        if (current == null) {
            return Kept.NOTHING;
        }
        return new Kept(current, current.append(destination, toStored(destination, queued.message, queued.ttlNanos)));
    }

    /** Takes back what {@link #keep} did for a message its queue refused. */
    void undo(String destination, QueuedMessage queued, Kept kept) {
        held.remove(queued.message.id());
        if (kept.appendedTo() != null) {
            kept.appendedTo().remove(destination, queued.message.id());
        }
    }

    /** Messages delivered or dropped: no longer held, and removed from the store. */
    void release(String destination, List<QueuedMessage> messages) {
        List<UUID> storedIds = null;
        for (QueuedMessage message : messages) {
            if (message.stored) {
                held.remove(message.message.id());
                if (storedIds == null) {
                    storedIds = new ArrayList<>(messages.size());
                }
                storedIds.add(message.message.id());
            }
        }
        MessageStore current = stores.current();
        if (storedIds != null && current != null) {
            current.removeAll(destination, storedIds).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.warn("could not remove delivered messages from the store: {}", failure.getMessage());
                }
            });
        }
    }

    /** Uses {@code next} from now on (or none); see the class comment. */
    void use(MessageStore next, Queues queues) {
        if (next == null) {
            gone(stores.current());
            return;
        }
        stores.use(next, new Move(queues));
    }

    /** Stops using {@code goingAway} if it is the current store. */
    void gone(MessageStore goingAway) {
        if (stores.forget(goingAway) && !held.isEmpty()) {
            LOG.warn("peer {}: no store; {} persistent messages are kept in memory until a store comes back",
                    owner, held.size());
        }
    }

    private static void removeFrom(MessageStore old, List<Held> moved) {
        Map<String, List<UUID>> byQueue = new HashMap<>();
        moved.forEach(h -> byQueue.computeIfAbsent(h.destination(), q -> new ArrayList<>()).add(h.queued().message.id()));
        byQueue.forEach((queue, ids) -> {
            try {
                old.removeAll(queue, ids).whenComplete((done, failure) -> {
                    if (failure != null) {
                        LOG.debug("{} no longer usable: {}", old, failure.getMessage());
                    }
                });
            } catch (RuntimeException unusable) {
                LOG.debug("{} no longer usable: {}", old, unusable.getMessage());
            }
        });
    }

    private int load(MessageStore from, Queues queues) {
        int loaded = 0;
        for (String destination : from.queues()) {
            for (Message stored : from.peek(destination, Integer.MAX_VALUE)) {
                if (held.containsKey(stored.id())) {
                    continue;
                }
                PeerMessage message = fromStored(stored);
                long ttlNanos = message.ttl() == null ? -1 : message.ttl().toNanos();
                QueuedMessage queued = new QueuedMessage(message, ttlNanos, true, sequence.getAsLong());
                held.put(message.id(), new Held(destination, queued));
                queues.restore(destination, queued);
                loaded++;
            }
            queues.restored(destination);
        }
        return loaded;
    }

    private static Message toStored(String destination, PeerMessage message, long ttlNanos) {
        Map<String, String> headers = new LinkedHashMap<>(2);
        headers.put(FLAGS_HEADER, Integer.toString(message.flags()));
        if (ttlNanos >= 0) {
            headers.put(TTL_HEADER, Long.toString(TimeUnit.NANOSECONDS.toMillis(ttlNanos)));
        }
        return new Message(message.id(), destination, message.data(), headers, Instant.now(), null, true);
    }

    private static PeerMessage fromStored(Message stored) {
        String ttl = stored.headers().get(TTL_HEADER);
        int flags = Integer.parseInt(stored.headers().getOrDefault(FLAGS_HEADER, "1"));
        // Downtime does not count (snakeMQ): the TTL counts again from now.
        return new PeerMessage(stored.id(), stored.payload(), ttl == null ? null : Duration.ofMillis(Long.parseLong(ttl)), flags);
    }
}
