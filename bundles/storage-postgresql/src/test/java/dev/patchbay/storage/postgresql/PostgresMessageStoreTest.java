package dev.patchbay.storage.postgresql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.message.Message;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.store.MessageStoreContract;
import dev.patchbay.api.store.StoreException;
import dev.patchbay.api.testing.ClassResource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The message store contract on a real PostgreSQL server, and the takeover: one owner's queues
 * open in one store at a time, and the next node to open them finds every message.
 */
public class PostgresMessageStoreTest extends MessageStoreContract {

    @ClassRule
    public static final ClassResource<PostgresTestServer> SERVER = new ClassResource<>(PostgresTestServer::start);

    private static PostgresTestServer server() {
        return SERVER.get();
    }

    private static PostgresMessageStore open(String owner) {
        return PostgresMessageStore.open(server().jdbcUrl(), server().user(), "", owner);
    }

    @Override
    protected MessageStore open() {
        return open("owner-" + UUID.randomUUID()); // every test on queues of its own
    }

    @Override
    protected void close(MessageStore store) {
        ((PostgresMessageStore) store).close();
    }

    @Test
    public void oneOwnerAtATimeAndTheNextFindsEverything() throws Exception {
        String owner = "node-" + UUID.randomUUID();
        List<Message> sent = new ArrayList<>();
        try (PostgresMessageStore first = open(owner)) {
            for (int i = 0; i < 100; i++) {
                Message message = message("bob", "kept " + i);
                sent.add(message);
                first.append("bob", message);
            }
            await(first.append("carol", message("carol", "for carol")));
            StoreException refused = assertThrows(StoreException.class, () -> open(owner));
            assertTrue(refused.getMessage(), refused.getMessage().contains("owned by another node"));
            try (PostgresMessageStore other = open("someone-else-" + UUID.randomUUID())) {
                assertTrue("another owner's queues are not shared", other.queues().isEmpty());
            }
        } // the first node goes: its lock goes with its connection
        try (PostgresMessageStore next = open(owner)) {
            assertEquals(List.of("bob", "carol"), List.copyOf(next.queues()));
            List<Message> found = next.peek("bob", 1000);
            assertEquals(100, found.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(sent.get(i).id(), found.get(i).id());
                assertEquals("kept " + i, new String(found.get(i).payload(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    public void aConnectionThatDiesReleasesTheOwnerAndSaysSo() throws Exception {
        String owner = "node-" + UUID.randomUUID();
        CountDownLatch lost = new CountDownLatch(1);
        PostgresMessageStore dying = open(owner);
        dying.onLost(lost::countDown);
        await(dying.append("bob", message("bob", "before the crash")));
        server().stop(); // as a crash of the database server would
        try {
            assertThrows(Exception.class, () -> await(dying.append("bob", message("bob", "lost"))));
            assertTrue("the loss was reported", lost.await(30, TimeUnit.SECONDS));
        } finally {
            server().startAgain();
        }
        try (PostgresMessageStore next = open(owner)) {
            assertEquals(1, next.depth("bob"));
        }
        dying.close();
    }
}
