package io.minetwin.store;

import io.minetwin.model.History;
/** The contract against the in-memory history. */
class InMemoryHistoryTest extends HistoryContract {

    @Override
    protected History create(RetentionPolicy retention) {
        return Store.inMemory(StoreOptions.defaults().withRetention(retention)).history();
    }
}
