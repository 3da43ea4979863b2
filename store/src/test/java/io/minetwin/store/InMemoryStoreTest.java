package io.minetwin.store;

/** Snapshots and events of the in-memory store. */
class InMemoryStoreTest extends SnapshotsAndEventsContract {

    @Override
    protected Store create() {
        return Store.inMemory(StoreOptions.defaults());
    }
}
