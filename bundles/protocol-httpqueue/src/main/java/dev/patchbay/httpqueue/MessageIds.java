package dev.patchbay.httpqueue;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Message ids shaped like MongoDB ObjectIds (scirocco's): 24 lower-case hex characters, 4 bytes of
 * seconds, 5 random bytes per process, a 3-byte counter. Unique across nodes sharing a store.
 */
final class MessageIds {

    private static final byte[] PROCESS = new byte[5];
    private static final AtomicInteger COUNTER = new AtomicInteger(new SecureRandom().nextInt());

    static {
        new SecureRandom().nextBytes(PROCESS);
    }

    private MessageIds() {
    }

    static String next(long epochSeconds) {
        byte[] id = new byte[12];
        int seconds = (int) epochSeconds;
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, id, 4, 5);
        int count = COUNTER.getAndIncrement();
        id[9] = (byte) (count >>> 16);
        id[10] = (byte) (count >>> 8);
        id[11] = (byte) count;
        return HexFormat.of().formatHex(id);
    }
}
