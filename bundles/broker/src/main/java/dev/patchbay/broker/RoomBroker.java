package dev.patchbay.broker;

import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.broker.RoomFederation;
import dev.patchbay.api.broker.RoomInfo;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.broker.RoomSubscriber;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one node. Publishing reads an immutable member array, so it takes no lock and
 * costs one {@link RoomSubscriber#deliver} call per member; membership changes copy the array,
 * which suits rooms that are read far more often than joined.
 */
@Component(service = Broker.class, immediate = true)
public final class RoomBroker implements Broker {

    private static final Logger LOG = LoggerFactory.getLogger(RoomBroker.class);
    private static final RoomSubscriber[] NO_MEMBERS = new RoomSubscriber[0];

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    /** The other nodes' rooms, if this node is part of a deployment (cluster-nats). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RoomFederation federation;
    /** Each subscriber's rooms, so that a closing connection leaves all of them. */
    private final Map<RoomSubscriber, Set<String>> memberships = new ConcurrentHashMap<>();

    private static final class Room {
        final String name;
        volatile RoomSubscriber[] members = NO_MEMBERS;
        final LongAdder published = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder refusedPublishes = new LongAdder();

        Room(String name) {
            this.name = name;
        }

        RoomInfo info() {
            RoomSubscriber[] now = members;
            long pending = 0;
            for (RoomSubscriber member : now) {
                pending += member.pendingMessages();
            }
            return new RoomInfo(name, now.length, pending, published.sum(), delivered.sum(), refused.sum(), refusedPublishes.sum());
        }
    }

    @Override
    public boolean subscribe(String room, RoomSubscriber subscriber) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(subscriber, "subscriber");
        boolean[] added = {false};
        rooms.compute(room, (name, existing) -> {
            Room target = existing == null ? new Room(name) : existing;
            RoomSubscriber[] now = target.members;
            if (indexOf(now, subscriber) < 0) {
                RoomSubscriber[] grown = Arrays.copyOf(now, now.length + 1);
                grown[now.length] = subscriber;
                target.members = grown;
                added[0] = true;
            }
            return target;
        });
        if (added[0]) {
            memberships.computeIfAbsent(subscriber, s -> ConcurrentHashMap.newKeySet()).add(room);
        }
        return added[0];
    }

    @Override
    public int roomsOf(RoomSubscriber subscriber) {
        Set<String> joined = memberships.get(subscriber);
        return joined == null ? 0 : joined.size();
    }

    @Override
    public boolean unsubscribe(String room, RoomSubscriber subscriber) {
        boolean removed = leave(room, subscriber);
        if (removed) {
            memberships.computeIfPresent(subscriber, (s, names) -> {
                names.remove(room);
                return names.isEmpty() ? null : names;
            });
        }
        return removed;
    }

    @Override
    public void unsubscribeAll(RoomSubscriber subscriber) {
        Set<String> names = memberships.remove(subscriber);
        if (names != null) {
            for (String room : names) {
                leave(room, subscriber);
            }
        }
    }

    /** Removes the member; a room left empty disappears (its counters with it). */
    private boolean leave(String room, RoomSubscriber subscriber) {
        boolean[] removed = {false};
        rooms.computeIfPresent(room, (name, target) -> {
            RoomSubscriber[] now = target.members;
            int index = indexOf(now, subscriber);
            if (index < 0) {
                return target;
            }
            removed[0] = true;
            if (now.length == 1) {
                target.members = NO_MEMBERS;
                return null;
            }
            RoomSubscriber[] shrunk = new RoomSubscriber[now.length - 1];
            System.arraycopy(now, 0, shrunk, 0, index);
            System.arraycopy(now, index + 1, shrunk, index, now.length - index - 1);
            target.members = shrunk;
            return target;
        });
        return removed[0];
    }

    private static int indexOf(RoomSubscriber[] members, RoomSubscriber subscriber) {
        for (int i = 0; i < members.length; i++) {
            if (members[i].equals(subscriber)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean isMember(String room, RoomSubscriber subscriber) {
        Room target = rooms.get(room);
        return target != null && indexOf(target.members, subscriber) >= 0;
    }

    @Override
    public List<RoomSubscriber> members(String room) {
        Room target = rooms.get(room);
        return target == null ? List.of() : List.of(target.members);
    }

    @Override
    public int publish(RoomMessage message) {
        int accepted = deliver(message);
        RoomFederation current = federation;
        if (current != null) {
            try {
                current.published(message);
            } catch (RuntimeException e) {
                LOG.warn("room '{}': the federation failed to take a message", message.room(), e);
            }
        }
        return accepted;
    }

    @Override
    public int publishFromRemote(RoomMessage message) {
        return deliver(message);
    }

    /** Hands {@code message} to this node's members of its room. */
    private int deliver(RoomMessage message) {
        Room target = rooms.get(message.room());
        if (target == null) {
            return 0;
        }
        target.published.increment();
        RoomSubscriber[] members = target.members;
        int accepted = 0;
        for (RoomSubscriber member : members) {
            try {
                if (member.deliver(message)) {
                    accepted++;
                }
            } catch (RuntimeException e) {
                // one broken member must not cost the others their delivery
                LOG.warn("room '{}': member {} failed to take a message", target.name, member.name(), e);
            }
        }
        target.delivered.add(accepted);
        int refused = members.length - accepted;
        if (refused > 0) {
            target.refused.add(refused);
        }
        return accepted;
    }

    @Override
    public void publishRefused(String room) {
        Room target = rooms.get(room);
        if (target != null) {
            target.refusedPublishes.increment();
        }
    }

    /** Joins this node's rooms to a deployment's (plain Java; in OSGi SCR sets it). */
    public void setFederation(RoomFederation federation) {
        this.federation = federation;
    }

    @Override
    public List<RoomInfo> rooms() {
        List<RoomInfo> all = new ArrayList<>();
        for (Room room : rooms.values()) {
            all.add(room.info());
        }
        all.sort(Comparator.comparing(RoomInfo::name));
        return all;
    }

    @Override
    public Optional<RoomInfo> room(String name) {
        return Optional.ofNullable(rooms.get(name)).map(Room::info);
    }
}
