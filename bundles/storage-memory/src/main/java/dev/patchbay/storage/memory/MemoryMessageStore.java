package dev.patchbay.storage.memory;

import dev.patchbay.api.message.Message;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.store.StoreService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;

/**
 * Queues in the heap, each an insertion-ordered map from message id to message. Every operation
 * completes before it returns. Nothing survives the process.
 *
 * <p>Immediate: a delayed component would be disposed, with every message in it, whenever its
 * last user let go of it.
 */
@Component(immediate = true, service = MessageStore.class)
@StoreService(store = MemoryMessageStore.NAME)
public final class MemoryMessageStore implements MessageStore {

    public static final String NAME = "memory";

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, LinkedHashMap<UUID, Message>> queues = new ConcurrentHashMap<>();

    @Override
    public String toString() {
        return "memory store";
    }

    @Override
    public CompletionStage<Void> append(String queue, Message message) {
        LinkedHashMap<UUID, Message> messages = queues.computeIfAbsent(queue, name -> new LinkedHashMap<>());
        synchronized (messages) {
            messages.putIfAbsent(message.id(), message);
        }
        return DONE;
    }

    @Override
    public CompletionStage<Boolean> remove(String queue, UUID messageId) {
        LinkedHashMap<UUID, Message> messages = queues.get(queue);
        if (messages == null) {
            return CompletableFuture.completedFuture(false);
        }
        synchronized (messages) {
            return CompletableFuture.completedFuture(messages.remove(messageId) != null);
        }
    }

    @Override
    public CompletionStage<Void> removeAll(String queue, Collection<UUID> messageIds) {
        LinkedHashMap<UUID, Message> messages = queues.get(queue);
        if (messages != null) {
            synchronized (messages) {
                messageIds.forEach(messages::remove);
            }
        }
        return DONE;
    }

    @Override
    public List<Message> peek(String queue, int limit) {
        LinkedHashMap<UUID, Message> messages = queues.get(queue);
        if (messages == null) {
            return List.of();
        }
        synchronized (messages) {
            List<Message> head = new ArrayList<>(Math.min(limit, messages.size()));
            for (Message message : messages.values()) {
                if (head.size() == limit) {
                    break;
                }
                head.add(message);
            }
            return head;
        }
    }

    @Override
    public long depth(String queue) {
        LinkedHashMap<UUID, Message> messages = queues.get(queue);
        if (messages == null) {
            return 0;
        }
        synchronized (messages) {
            return messages.size();
        }
    }

    @Override
    public Set<String> queues() {
        return queues.entrySet().stream()
                .filter(entry -> {
                    synchronized (entry.getValue()) {
                        return !entry.getValue().isEmpty();
                    }
                })
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}
