package dev.patchbay.api.message;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.Test;

public class MessageTest {

    @Test
    public void messagesWithEqualContentAreEqual() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        Message a = new Message(id, "q", new byte[] {1, 2}, Map.of("k", "v"), now, null, true);
        Message b = new Message(id, "q", new byte[] {1, 2}, Map.of("k", "v"), now, null, true);
        assertEquals(a, b);
        assertNotEquals(a, b.withPersistent(false));
    }

    @Test
    public void ttlMakesTheMessageExpireAtCreationPlusTtl() {
        Message m = Message.of("peer", new byte[0]).withTtl(Duration.ofSeconds(5));
        assertFalse(m.isExpired(m.createdAt().plusSeconds(4)));
        assertTrue(m.isExpired(m.createdAt().plusSeconds(5)));
        assertFalse(Message.of("peer", new byte[0]).isExpired(Instant.MAX));
    }

    @Test
    public void expiryBeforeCreationIsRejected() {
        Instant now = Instant.now();
        assertThrows(IllegalArgumentException.class,
                () -> new Message(UUID.randomUUID(), "q", new byte[0], null, now, now.minusSeconds(1), false));
    }
}
