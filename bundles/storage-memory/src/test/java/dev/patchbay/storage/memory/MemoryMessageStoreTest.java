package dev.patchbay.storage.memory;

import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.store.MessageStoreContract;

public class MemoryMessageStoreTest extends MessageStoreContract {

    @Override
    protected MessageStore open() {
        return new MemoryMessageStore();
    }
}
