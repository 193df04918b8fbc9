package dev.patchbay.httpqueue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import dev.patchbay.storage.sqlite.SqliteMessageStore;
import dev.patchbay.storage.sqlite.SqliteQueueStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

/**
 * Jazzer fuzz test of the HTTP queue's request path: any bytes, in any chunks, through the real
 * pipeline (HTTP codec, bounded aggregation, the queue handler and service on a real SQLite
 * store). Nothing may escape the pipeline, and whatever is answered is HTTP.
 *
 * <p>Regression mode in a normal build; to fuzz:
 * {@code JAZZER_FUZZ=1 mvn test -pl bundles/protocol-httpqueue -Dtest=HttpQueueFuzzTest -Djazzer.max_duration=5m}.
 */
class HttpQueueFuzzTest {

    private static final HttpQueueService SERVICE = service();

    private static HttpQueueService service() {
        try {
            JdbcQueueStore store = SqliteQueueStore.open(Files.createTempDirectory("patchbay-httpqueue-fuzz-").resolve("q.db"),
                    SqliteMessageStore.Durability.NORMAL);
            StoreSwitch stores = new StoreSwitch();
            stores.use(store);
            return new HttpQueueService(stores, () -> HttpQueueServerTest.FIXED_TOKEN,
                    new HttpQueueService.Settings(4096, 4096, 4096, 10), Clock.systemUTC()::instant);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest
    void requests(FuzzedDataProvider data) {
        EmbeddedChannel channel = new EmbeddedChannel();
        HttpQueueServer.addHandlers(channel.pipeline(), pending -> {
            pending.reply().accept(SERVICE.handle(pending.request()));
            return true;
        }, new RequestTimes(), 4096, Duration.ofMinutes(1));
        try {
            while (data.remainingBytes() > 0 && channel.isOpen()) {
                channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(data.consumeInt(1, 256))));
                channel.runPendingTasks();
            }
            channel.checkException();
            StringBuilder answered = new StringBuilder();
            for (Object out; (out = channel.readOutbound()) != null; ) {
                ByteBuf bytes = (ByteBuf) out;
                try {
                    answered.append(bytes.toString(StandardCharsets.ISO_8859_1));
                } finally {
                    bytes.release();
                }
            }
            assertTrue(answered.length() == 0 || answered.indexOf("HTTP/1.1 ") == 0, "not HTTP: " + answered);
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
