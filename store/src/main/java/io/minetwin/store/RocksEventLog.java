package io.minetwin.store;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log in three column families: by time, by twin then time, and the index family with the keys
 * by kind, by kind and twin, and by alert (see {@link EventCodec}). Every append writes all of an event's keys
 * in one batch, so the index never disagrees with the log.
 *
 * <p>An alert's head records whether it was cleared; appends that touch alert heads read them, so appends are
 * serialised while their batch is built and written (not while it syncs).
 */
final class RocksEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(RocksEventLog.class);
    /** Events per write batch when the index is built or retention deletes. */
    static final int BATCH = 10_000;
    private static final byte[] OPEN = {0};
    private static final byte[] CLEARED = {1};
    private static final byte[] EMPTY = {};

    private final RocksDB db;
    private final ColumnFamilyHandle byTime;
    private final ColumnFamilyHandle byTwin;
    private final ColumnFamilyHandle index;
    private final Guard guard;
    private final WriteOptions writeOptions;
    private final StoreFaults faults;
    private final GroupCommit commit;
    private final Object heads = new Object();

    RocksEventLog(RocksDB db, ColumnFamilyHandle byTime, ColumnFamilyHandle byTwin, ColumnFamilyHandle index, Guard guard,
                  WriteOptions writeOptions, StoreFaults faults, GroupCommit commit) {
        this.faults = faults;
        this.commit = commit;
        this.db = db;
        this.byTime = byTime;
        this.byTwin = byTwin;
        this.index = index;
        this.guard = guard;
        this.writeOptions = writeOptions;
    }

    @Override
    public void append(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        guard.enter();
        try (WriteBatch wb = new WriteBatch()) {
            synchronized (heads) {
                Map<String, Boolean> cleared = new HashMap<>();
                for (Event e : events) {
                    Objects.requireNonNull(e, "event");
                    byte[] value = EventCodec.encode(e);
                    byte[] timeKey = EventCodec.timeKey(e.time(), value);
                    wb.put(byTime, timeKey, value);
                    wb.put(byTwin, EventCodec.concat(EventCodec.twinPrefix(e.twin()), timeKey), value);
                    putIndex(wb, e, value, timeKey, cleared);
                }
                db.write(writeOptions, wb);
            }
            commit.await(commit.written());
        } catch (RocksDBException e) {
            throw faults.failed("event log append of " + events.size() + " events", e);
        } catch (StoreException e) {
            throw faults.failed("event log sync of " + events.size() + " events", e.getCause() == null ? e : e.getCause());
        } finally {
            guard.exit();
        }
    }

    /** Adds the index keys of one event; {@code cleared} holds the alert heads this batch has set. */
    private void putIndex(WriteBatch wb, Event e, byte[] value, byte[] timeKey, Map<String, Boolean> cleared)
            throws RocksDBException {
        wb.put(index, EventCodec.concat(EventCodec.kindPrefix(e.kind()), timeKey), value);
        wb.put(index, EventCodec.concat(EventCodec.kindTwinPrefix(e.kind(), e.twin()), timeKey), value);
        Optional<AlertEvent> alert = AlertEvent.from(e);
        Optional<AlertEvent.Id> id = alert.flatMap(a -> AlertEvent.parseId(a.alert()));
        if (id.isEmpty()) {
            return;
        }
        String alertId = alert.get().alert();
        Instant raised = id.get().raised();
        wb.put(index, EventCodec.concat(EventCodec.alertEventsPrefix(raised, alertId), timeKey), value);
        byte[] head = EventCodec.alertKey(EventCodec.ALERT_HEAD, raised, alertId);
        boolean isCleared = alert.get().action() == AlertEvent.Action.CLEARED;
        if (!isCleared) {
            Boolean known = cleared.get(alertId);
            if (known == null) {
                byte[] stored = db.get(index, head);
                known = stored != null && stored.length > 0 && stored[0] == 1;
            }
            isCleared = known;
        }
        cleared.put(alertId, isCleared);
        wb.put(index, head, isCleared ? CLEARED : OPEN);
        byte[] open = EventCodec.alertKey(EventCodec.ALERT_OPEN, raised, alertId);
        if (isCleared) {
            wb.delete(index, open);
        } else {
            wb.put(index, open, EMPTY);
        }
    }

    @Override
    public List<Event> query(Optional<TwinId> twin, Instant from, Instant to) {
        Objects.requireNonNull(twin, "twin");
        byte[] prefix = twin.map(EventCodec::twinPrefix).orElse(new byte[0]);
        return scan(twin.isPresent() ? byTwin : byTime, prefix, from, to);
    }

    @Override
    public List<Event> query(EventKind kind, Optional<TwinId> twin, Instant from, Instant to) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(twin, "twin");
        byte[] prefix = twin.map(t -> EventCodec.kindTwinPrefix(kind, t)).orElseGet(() -> EventCodec.kindPrefix(kind));
        return scan(index, prefix, from, to);
    }

    private List<Event> scan(ColumnFamilyHandle cf, byte[] prefix, Instant from, Instant to) {
        List<Event> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        byte[] start = EventCodec.concat(prefix, EventCodec.timeBound(from));
        byte[] end = EventCodec.concat(prefix, EventCodec.timeBound(to));
        guard.enter();
        try {
            range(cf, start, end, (k, v) -> out.add(EventCodec.decode(v)));
        } finally {
            guard.exit();
        }
        return out;
    }

    /** Calls {@code each} with every key and value in {@code [start, end)}, in key order. */
    private void range(ColumnFamilyHandle cf, byte[] start, byte[] end, BiConsumer<byte[], byte[]> each) {
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seek(start); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (Arrays.compareUnsigned(key, end) >= 0) {
                    break;
                }
                each.accept(key, it.value());
            }
        }
    }

    @Override
    public List<String> alertIds(Optional<Boolean> open, Optional<TwinId> twin, Instant raisedFrom, Instant raisedTo) {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(twin, "twin");
        byte type = open.orElse(false) ? EventCodec.ALERT_OPEN : EventCodec.ALERT_HEAD;
        if (!raisedFrom.isBefore(raisedTo)) {
            return List.of();
        }
        // Keys are in (raised, id) order: collected as they come, then read backwards by raised time, each run of
        // one raised time kept in id order, which is the order asked for without a sort.
        List<String> ids = new ArrayList<>();
        List<Long> raised = new ArrayList<>();
        String twinPrefix = twin.map(t -> t + ".").orElse(null);
        guard.enter();
        try {
            range(index, EventCodec.alertBound(type, raisedFrom), EventCodec.alertBound(type, raisedTo), (k, v) -> {
                if (open.isPresent() && !open.get() && (v.length == 0 || v[0] != 1)) {
                    return;
                }
                String id = EventCodec.alertIdOf(k);
                if (twinPrefix != null && !(id.startsWith(twinPrefix)
                        && AlertEvent.parseId(id).map(AlertEvent.Id::twin).equals(twin))) {
                    return;
                }
                ids.add(id);
                raised.add(Bytes.getLong(k, 1));
            });
        } finally {
            guard.exit();
        }
        List<String> out = new ArrayList<>(ids.size());
        int end = ids.size();
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && raised.get(start - 1).longValue() == raised.get(end - 1).longValue()) {
                start--;
            }
            out.addAll(ids.subList(start, end));
            end = start;
        }
        return out;
    }

    @Override
    public List<Event> alertEvents(String alertId) {
        return alertEvents(List.of(alertId)).getOrDefault(alertId, List.of());
    }

    @Override
    public Map<String, List<Event>> alertEvents(Collection<String> alertIds) {
        Map<String, List<Event>> out = new LinkedHashMap<>();
        guard.enter();
        try (RocksIterator it = db.newIterator(index)) {
            for (String alertId : alertIds) {
                Optional<AlertEvent.Id> id = AlertEvent.parseId(alertId);
                if (id.isEmpty()) {
                    continue;
                }
                byte[] prefix = EventCodec.alertEventsPrefix(id.get().raised(), alertId);
                byte[] end = EventCodec.after(prefix);
                List<Event> events = new ArrayList<>();
                for (it.seek(prefix); it.isValid(); it.next()) {
                    if (Arrays.compareUnsigned(it.key(), end) >= 0) {
                        break;
                    }
                    events.add(EventCodec.decode(it.value()));
                }
                if (!events.isEmpty()) {
                    out.put(alertId, events);
                }
            }
        } finally {
            guard.exit();
        }
        return out;
    }

    @Override
    public long enforceRetention(Map<EventKind, Duration> retention, Instant now) {
        long deleted = 0;
        guard.enter();
        try {
            for (Map.Entry<EventKind, Duration> r : retention.entrySet()) {
                if (r.getValue().isZero()) {
                    continue;
                }
                Instant cutoff = now.minus(r.getValue());
                if (r.getKey() == EventKind.ALERT) {
                    deleted += deleteClearedAlerts(cutoff);
                }
                deleted += deleteBefore(r.getKey(), cutoff);
            }
        } catch (RocksDBException e) {
            throw faults.failed("event log retention", e);
        } finally {
            guard.exit();
        }
        return deleted;
    }

    /** Deletes the events of {@code kind} before {@code cutoff}, but alert events that belong to an alert. */
    private long deleteBefore(EventKind kind, Instant cutoff) throws RocksDBException {
        byte[] prefix = EventCodec.kindPrefix(kind);
        List<byte[]> values = new ArrayList<>();
        range(index, prefix, EventCodec.concat(prefix, EventCodec.timeBound(cutoff)), (k, v) -> values.add(v));
        long deleted = 0;
        try (Deleter d = new Deleter()) {
            for (byte[] v : values) {
                Event e = EventCodec.decode(v);
                if (kind == EventKind.ALERT && AlertEvent.from(e).flatMap(a -> AlertEvent.parseId(a.alert())).isPresent()) {
                    continue; // goes with its alert
                }
                d.delete(e, v);
                deleted++;
            }
        }
        return deleted;
    }

    /** Deletes whole alerts raised and cleared, with every event, before {@code cutoff}. */
    private long deleteClearedAlerts(Instant cutoff) throws RocksDBException {
        List<byte[]> heads = new ArrayList<>();
        range(index, EventCodec.alertBound(EventCodec.ALERT_HEAD, Instant.MIN),
                EventCodec.alertBound(EventCodec.ALERT_HEAD, cutoff), (k, v) -> {
                    if (v.length > 0 && v[0] == 1) {
                        heads.add(k);
                    }
                });
        long deleted = 0;
        try (Deleter d = new Deleter()) {
            for (byte[] head : heads) {
                byte[] prefix = EventCodec.alertEventsPrefix(EventCodec.alertRaisedOf(head), EventCodec.alertIdOf(head));
                List<byte[]> values = new ArrayList<>();
                range(index, prefix, EventCodec.after(prefix), (k, v) -> values.add(v));
                List<Event> events = values.stream().map(EventCodec::decode).toList();
                if (!events.isEmpty() && !events.get(events.size() - 1).time().isBefore(cutoff)) {
                    continue; // cleared, but changed within the retention
                }
                for (int i = 0; i < values.size(); i++) {
                    d.delete(events.get(i), values.get(i));
                    deleted++;
                }
                d.deleteKey(head);
            }
        }
        return deleted;
    }

    /** Deletes events with all their keys, in batches of {@link #BATCH}. */
    private final class Deleter implements AutoCloseable {
        private WriteBatch wb = new WriteBatch();
        private int n;

        void delete(Event e, byte[] value) throws RocksDBException {
            byte[] timeKey = EventCodec.timeKey(e.time(), value);
            wb.delete(byTime, timeKey);
            wb.delete(byTwin, EventCodec.concat(EventCodec.twinPrefix(e.twin()), timeKey));
            wb.delete(index, EventCodec.concat(EventCodec.kindPrefix(e.kind()), timeKey));
            wb.delete(index, EventCodec.concat(EventCodec.kindTwinPrefix(e.kind(), e.twin()), timeKey));
            Optional<AlertEvent> alert = AlertEvent.from(e);
            Optional<AlertEvent.Id> id = alert.flatMap(a -> AlertEvent.parseId(a.alert()));
            if (id.isPresent()) {
                wb.delete(index, EventCodec.concat(EventCodec.alertEventsPrefix(id.get().raised(), alert.get().alert()),
                        timeKey));
            }
            count();
        }

        void deleteKey(byte[] key) throws RocksDBException {
            wb.delete(index, key);
            count();
        }

        private void count() throws RocksDBException {
            if (++n >= BATCH) {
                flush();
            }
        }

        private void flush() throws RocksDBException {
            if (n > 0) {
                db.write(writeOptions, wb);
                wb.close();
                wb = new WriteBatch();
                n = 0;
            }
        }

        @Override
        public void close() throws RocksDBException {
            try {
                flush();
            } finally {
                wb.close();
            }
        }
    }

    /**
     * Writes the index keys of every stored event: a store written before the index existed (format 1 or 2) gets
     * them when it is first opened by this version. Safe to run again after a crash part way through.
     *
     * @return how many events were indexed
     */
    long buildIndex() {
        long n = 0;
        try (RocksIterator it = db.newIterator(byTime)) {
            WriteBatch wb = new WriteBatch();
            try {
                Map<String, Boolean> cleared = new HashMap<>();
                int inBatch = 0;
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    byte[] value = it.value();
                    putIndex(wb, EventCodec.decode(value), value, it.key(), cleared);
                    n++;
                    if (++inBatch >= BATCH) {
                        db.write(writeOptions, wb);
                        wb.close();
                        wb = new WriteBatch();
                        cleared.clear();
                        inBatch = 0;
                    }
                }
                db.write(writeOptions, wb);
                db.syncWal();
            } finally {
                wb.close();
            }
        } catch (RocksDBException e) {
            throw new StoreException("cannot index the event log: " + e.getMessage()
                    + "; free disk space and open the store again, the index is then built anew", e);
        }
        if (n > 0) {
            LOG.info("indexed {} events by kind, twin and alert", n);
        }
        return n;
    }
}
