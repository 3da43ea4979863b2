package io.minetwin.store;

import io.minetwin.model.Event;
import io.minetwin.model.EventLog;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The event log in memory, ordered by the same keys as the RocksDB one. Synchronized. */
final class InMemoryEventLog implements EventLog {

    private final TreeMap<byte[], Event> byTime = new TreeMap<>(Arrays::compareUnsigned);

    @Override
    public synchronized void append(List<Event> events) {
        for (Event e : events) {
            byTime.put(EventCodec.timeKey(e.time(), EventCodec.encode(e)), e);
        }
    }

    @Override
    public synchronized List<Event> query(Optional<TwinId> twin, Instant from, Instant to) {
        List<Event> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        for (Event e : byTime.subMap(EventCodec.timeBound(from), true, EventCodec.timeBound(to), false).values()) {
            if (twin.isEmpty() || twin.get().equals(e.twin())) {
                out.add(e);
            }
        }
        return out;
    }
}
