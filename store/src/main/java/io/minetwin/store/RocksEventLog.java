package io.minetwin.store;

import io.minetwin.model.Event;
import io.minetwin.model.EventLog;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** The event log in two column families: by time, and by twin then time (see {@link EventCodec}). */
final class RocksEventLog implements EventLog {

    private final RocksDB db;
    private final ColumnFamilyHandle byTime;
    private final ColumnFamilyHandle byTwin;
    private final Guard guard;
    private final WriteOptions writeOptions;
    private final StoreFaults faults;
    private final GroupCommit commit;

    RocksEventLog(RocksDB db, ColumnFamilyHandle byTime, ColumnFamilyHandle byTwin, Guard guard, WriteOptions writeOptions,
                  StoreFaults faults, GroupCommit commit) {
        this.faults = faults;
        this.commit = commit;
        this.db = db;
        this.byTime = byTime;
        this.byTwin = byTwin;
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
            for (Event e : events) {
                Objects.requireNonNull(e, "event");
                byte[] value = EventCodec.encode(e);
                byte[] timeKey = EventCodec.timeKey(e.time(), value);
                wb.put(byTime, timeKey, value);
                wb.put(byTwin, EventCodec.concat(EventCodec.twinPrefix(e.twin()), timeKey), value);
            }
            db.write(writeOptions, wb);
            commit.await(commit.written());
        } catch (RocksDBException e) {
            throw faults.failed("event log append of " + events.size() + " events", e);
        } catch (StoreException e) {
            throw faults.failed("event log sync of " + events.size() + " events", e.getCause() == null ? e : e.getCause());
        } finally {
            guard.exit();
        }
    }

    @Override
    public List<Event> query(Optional<TwinId> twin, Instant from, Instant to) {
        Objects.requireNonNull(twin, "twin");
        List<Event> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        byte[] prefix = twin.map(EventCodec::twinPrefix).orElse(new byte[0]);
        byte[] start = EventCodec.concat(prefix, EventCodec.timeBound(from));
        byte[] end = EventCodec.concat(prefix, EventCodec.timeBound(to));
        guard.enter();
        try (RocksIterator it = db.newIterator(twin.isPresent() ? byTwin : byTime)) {
            for (it.seek(start); it.isValid(); it.next()) {
                if (Arrays.compareUnsigned(it.key(), end) >= 0) {
                    break;
                }
                out.add(EventCodec.decode(it.value()));
            }
        } finally {
            guard.exit();
        }
        return out;
    }
}
