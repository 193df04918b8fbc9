package dev.patchbay.storage.sqlite;

import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.queue.QueueStoreContract;
import java.nio.file.Files;

public class SqliteQueueStoreTest extends QueueStoreContract {

    @Override
    protected QueueStore open() throws Exception {
        return SqliteQueueStore.open(Files.createTempDirectory("patchbay-queue-").resolve("queue.db"),
                SqliteMessageStore.Durability.NORMAL);
    }
}
