package dev.patchbay.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.storage.memory.MemoryMessageStore;
import dev.patchbay.transport.netty.NettyTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.broker.RoomSubscriber;
import dev.patchbay.broker.RoomBroker;
import org.junit.Test;

public class NodeCommandsTest {

    private NettyTransport transport;
    private SnakeMqPeer peer;
    private MemoryMessageStore store;
    private NodeCommands commands;

    @Before
    public void start() {
        transport = new NettyTransport(1, null);
        store = new MemoryMessageStore();
        peer = SnakeMqPeer.builder("node").transport(transport).framing(new Uint32LengthFraming()).store(store).build();
        commands = new NodeCommands(() -> List.of(peer), () -> Map.of("memory", store), transport::endpoints, List::of);
    }

    @After
    public void stop() {
        peer.close();
        transport.close();
    }

    @Test
    public void sendQueuesForAnAbsentPeerAndTheListingsShowIt() throws Exception {
        assertEquals("no snakeMQ destinations\n", commands.peers());
        assertTrue(commands.send("bob", "hello", false).endsWith("for 'bob' (away: it waits)\n"));
        commands.send("bob", "kept", true);
        assertEquals("""
                PEER  DESTINATION  STATE  QUEUED  CONNECTION
                node  bob          away   2       -
                """, commands.peers());
        assertEquals("""
                STORE   QUEUE  DEPTH
                memory  bob    1
                """, commands.queues());
    }

    @Test
    public void endpointsShowTheirCounters() {
        assertEquals("no listeners\n", commands.endpoints());
        int port = peer.listen(new EndpointSpec("snakemq", "127.0.0.1", 0, null)).localAddress().getPort();
        String listing = commands.endpoints();
        assertTrue(listing, listing.startsWith("ENDPOINT  ADDRESS"));
        assertTrue(listing, listing.contains("snakemq   /127.0.0.1:" + port + "  no   0     0         0         0"));
    }

    @Test
    public void droppingAnIdentityThatIsNotConnectedSaysSo() {
        assertEquals("'bob' is not connected\n", commands.drop("bob"));
    }

    @Test
    public void roomsShowMembersAndCounters() {
        RoomBroker broker = new RoomBroker();
        broker.subscribe("weather", member("alice#1", new ArrayList<>()));
        broker.publish(new RoomMessage("weather", "today", "sunny", ""));
        broker.publishRefused("weather"); // as nucos reports a publish by a non-member
        String listing = new NodeCommands(List::of, Map::of, List::of, () -> List.of(broker)).rooms();
        assertTrue(listing, listing.lines().anyMatch(line -> line.matches("weather\\s+1\\s+0\\s+1\\s+1\\s+0\\s+1\\s*")));
        assertEquals("no rooms\n", new NodeCommands(List::of, Map::of, List::of, List::of).rooms());
    }

    @Test
    public void publishReachesTheMembersOfARoom() {
        RoomBroker broker = new RoomBroker();
        List<RoomMessage> received = new ArrayList<>();
        broker.subscribe("ops", member("bob#1", received));
        NodeCommands withBroker = new NodeCommands(List::of, Map::of, List::of, () -> List.of(broker));
        assertEquals("published 'notice' to 1 member(s) of 'ops'\n", withBroker.publish("ops", "notice", "hello"));
        assertEquals(1, received.size());
        RoomMessage message = received.get(0);
        assertEquals(List.of("ops", "notice", "hello", "node"),
                List.of(message.room(), message.event(), message.content(), message.sender()));
        assertEquals("published 'notice' to 0 member(s) of 'empty'\n", withBroker.publish("empty", "notice", "x"));
        assertEquals("no broker: nothing has rooms\n", new NodeCommands(List::of, Map::of, List::of, List::of).publish("a", "b", "c"));
    }

    @Test
    public void sendWithoutAPeerExplainsWhatIsMissing() {
        NodeCommands none = new NodeCommands(List::of, Map::of, List::of, List::of);
        IllegalStateException e = org.junit.Assert.assertThrows(IllegalStateException.class, () -> none.send("x", "y", false));
        assertTrue(e.getMessage().contains("no snakeMQ peer"));
        assertEquals("no stored messages\n", none.queues());
    }

    /** A room member that keeps what it is given in {@code received}. */
    private static RoomSubscriber member(String name, List<RoomMessage> received) {
        return new RoomSubscriber() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean deliver(RoomMessage message) {
                return received.add(message);
            }
        };
    }
}
