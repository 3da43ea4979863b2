package io.minetwin.connectors.opcua.server;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * Answers HistoryRead (OPC UA Part 11) for one channel from a {@link SeriesReader} (the engine's history).
 *
 * <h2>Raw</h2>
 * Values with {@code start <= t < end} in time order, or, when {@code start > end}, values with
 * {@code end < t <= start} newest first. A page holds at most {@code numValuesPerNode} values (or the
 * server's maximum) and ends with a continuation point when more remain. The store is read in windows
 * that grow while they come back sparse, so a long range never loads more than a page and one window.
 *
 * <h2>Processed</h2>
 * Average, Minimum, Maximum and Count over consecutive intervals of {@code processingInterval} from
 * {@code start} (one interval for the whole range when it is 0), over the good-quality samples as the
 * store's rollups count them. An interval that is a whole number of rollup buckets and starts on a
 * bucket boundary is answered from the rollups (the widest that fits); any other interval from raw
 * samples. The value's source timestamp is the interval start and its status Good with the
 * "calculated" historian bit; an interval without good samples is Bad_NoData.
 *
 * <h2>Continuation points</h2>
 * They hold the position reached and a fingerprint of the request, so the server keeps no state per
 * client and a continuation point sent with other details is refused (Bad_ContinuationPointInvalid).
 */
final class HistoryReader {

    /** Part 8 historian information bits: InfoType DataValue (0x400) plus "calculated" (0x1). */
    static final long CALCULATED = 0x0401L;

    private static final long MIN_WINDOW = 3_600_000L;
    /** Stand-ins for an open side of a raw range, inside the times history stores. */
    private static final long OPEN_PAST = -(1L << 61);
    private static final long OPEN_FUTURE = 1L << 61;
    private static final byte RAW = 1;
    private static final byte PROCESSED = 2;

    enum Aggregate {
        AVERAGE(NodeIds.AggregateFunction_Average),
        MINIMUM(NodeIds.AggregateFunction_Minimum),
        MAXIMUM(NodeIds.AggregateFunction_Maximum),
        COUNT(NodeIds.AggregateFunction_Count);

        final NodeId id;

        Aggregate(NodeId id) {
            this.id = id;
        }

        static Aggregate of(NodeId id) {
            for (Aggregate a : values()) {
                if (a.id.equals(id)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** One node's answer: a status, the values, and a continuation point if more remain. */
    record Page(StatusCode status, List<DataValue> values, ByteString continuation) {
        static Page error(long code) {
            return new Page(new StatusCode(code), List.of(), ByteString.NULL_VALUE);
        }
    }

    private final SeriesReader source;
    private final int maxValues;

    HistoryReader(SeriesReader source, int maxValues) {
        this.source = Objects.requireNonNull(source, "source");
        this.maxValues = maxValues;
    }

    /** Raw values of {@code series}; a null or minimum start or end leaves that side open. */
    Page raw(SeriesKey series, ChannelSpec spec, DateTime start, DateTime end, long numValuesPerNode,
             ByteString continuation) {
        boolean hasStart = set(start);
        boolean hasEnd = set(end);
        if (!hasStart && !hasEnd) {
            return Page.error(StatusCodes.Bad_InvalidTimestampArgument);
        }
        if (hasStart && hasEnd && start.getJavaTime() == end.getJavaTime() && numValuesPerNode == 0) {
            return Page.error(StatusCodes.Bad_InvalidTimestampArgument);
        }
        boolean reverse = hasStart && hasEnd ? start.getJavaTime() > end.getJavaTime() : !hasStart;
        // forward: [from, to); reverse: (to, from], newest first
        long from = hasStart ? start.getJavaTime() : end.getJavaTime();
        long to = reverse ? (hasStart && hasEnd ? end.getJavaTime() : OPEN_PAST)
                : (hasEnd ? end.getJavaTime() : OPEN_FUTURE);
        int limit = (int) Math.min(maxValues, numValuesPerNode <= 0 ? Long.MAX_VALUE : numValuesPerNode);
        long fingerprint = fingerprint(RAW, series, from, to, numValuesPerNode, null);
        long cursor = from;
        if (continuation != null && continuation.isNotNull()) {
            Long c = decode(continuation, RAW, fingerprint);
            if (c == null) {
                return Page.error(StatusCodes.Bad_ContinuationPointInvalid);
            }
            cursor = c;
        }
        var out = new ArrayList<DataValue>();
        long window = MIN_WINDOW;
        if (!reverse) {
            // forward: [cursor, to)
            while (cursor < to) {
                long wEnd = Math.min(to, saturatedAdd(cursor, window));
                SeriesData r = source.read(series, cursor, wEnd);
                for (int i = 0; i < r.size(); i++) {
                    if (out.size() == limit) {
                        return new Page(StatusCode.GOOD, out, encode(RAW, fingerprint, r.times()[i]));
                    }
                    out.add(value(spec, r.times()[i], r.values()[i], r.qualities()[i]));
                }
                cursor = wEnd;
                window = r.size() < Math.max(1, limit / 4) ? Math.min(window * 8, Long.MAX_VALUE / 16) : window;
            }
        } else {
            long lower = to;
            while (cursor > lower) {
                long wStart = Math.max(lower, saturatedSub(cursor, window));
                SeriesData r = source.read(series, wStart + 1, cursor + 1);
                for (int i = r.size() - 1; i >= 0; i--) {
                    if (out.size() == limit) {
                        return new Page(StatusCode.GOOD, out, encode(RAW, fingerprint, r.times()[i]));
                    }
                    out.add(value(spec, r.times()[i], r.values()[i], r.qualities()[i]));
                }
                cursor = wStart;
                window = r.size() < Math.max(1, limit / 4) ? Math.min(window * 8, Long.MAX_VALUE / 16) : window;
            }
        }
        return new Page(out.isEmpty() ? new StatusCode(StatusCodes.Good_NoData) : StatusCode.GOOD, out,
                ByteString.NULL_VALUE);
    }

    /** Processed values of {@code series}: one per interval, of {@code aggregateId}. */
    Page processed(SeriesKey series, DateTime start, DateTime end, double processingInterval, NodeId aggregateId,
                   ByteString continuation) {
        return processed(series, start, end, processingInterval, aggregateId, continuation, maxValues);
    }

    /** As above, with at most {@code pageLimit} values in this page (within the server's maximum). */
    Page processed(SeriesKey series, DateTime start, DateTime end, double processingInterval, NodeId aggregateId,
                   ByteString continuation, int pageLimit) {
        int maxValues = Math.max(1, Math.min(this.maxValues, pageLimit));
        Aggregate aggregate = Aggregate.of(aggregateId);
        if (aggregate == null) {
            return Page.error(StatusCodes.Bad_AggregateNotSupported);
        }
        if (!set(start) || !set(end) || start.getJavaTime() == end.getJavaTime()) {
            return Page.error(StatusCodes.Bad_InvalidTimestampArgument);
        }
        if (!(processingInterval >= 0) || Double.isInfinite(processingInterval)) {
            return Page.error(StatusCodes.Bad_InvalidTimestampArgument);
        }
        long s = start.getJavaTime();
        long e = end.getJavaTime();
        if (s > e) {
            // Intervals are computed forward; the answer is the same set in reverse order is not offered.
            return Page.error(StatusCodes.Bad_InvalidTimestampArgument);
        }
        long interval = processingInterval == 0 ? e - s : Math.max(1, (long) Math.ceil(processingInterval));
        long fingerprint = fingerprint(PROCESSED, series, s, e, interval, aggregateId);
        long cursor = s;
        if (continuation != null && continuation.isNotNull()) {
            Long c = decode(continuation, PROCESSED, fingerprint);
            if (c == null) {
                return Page.error(StatusCodes.Bad_ContinuationPointInvalid);
            }
            cursor = c;
        }
        long bucket = 0;
        Resolution rollups = null;
        for (Resolution r : Resolution.values()) {
            long b = r.bucketMillis();
            if (b > bucket && interval % b == 0 && Math.floorMod(s, b) == 0) {
                bucket = b;
                rollups = r;
            }
        }
        var out = new ArrayList<DataValue>();
        while (cursor < e) {
            if (out.size() == maxValues) {
                return new Page(StatusCode.GOOD, out, encode(PROCESSED, fingerprint, cursor));
            }
            // Read a block of intervals at once, up to what fits in the page.
            int n = (int) Math.min(maxValues - out.size(), Math.max(1, Math.min(10_000, (e - cursor + interval - 1) / interval)));
            long blockEnd = Math.min(e, saturatedAdd(cursor, interval * n));
            Stats[] stats = new Stats[n];
            if (bucket > 0) {
                RollupData r = source.readRollup(series, rollups, cursor, blockEnd);
                for (int i = 0; i < r.size(); i++) {
                    int k = (int) ((r.starts()[i] - cursor) / interval);
                    if (k >= 0 && k < n && r.count()[i] > 0) {
                        stats[k] = (stats[k] == null ? new Stats() : stats[k]).add(r.min()[i], r.max()[i], r.sum()[i],
                                r.count()[i]);
                    }
                }
            } else {
                SeriesData r = source.read(series, cursor, blockEnd);
                for (int i = 0; i < r.size(); i++) {
                    if (r.qualities()[i] != QualityLevel.GOOD.code() || Double.isNaN(r.values()[i])) {
                        continue;
                    }
                    int k = (int) ((r.times()[i] - cursor) / interval);
                    if (k >= 0 && k < n) {
                        double v = r.values()[i];
                        stats[k] = (stats[k] == null ? new Stats() : stats[k]).add(v, v, v, 1);
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                long t = cursor + k * interval;
                if (t >= e) {
                    break;
                }
                Stats st = stats[k];
                DateTime ts = new DateTime(Instant.ofEpochMilli(t));
                if (st == null) {
                    out.add(new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_NoData), ts, null));
                    continue;
                }
                double v = switch (aggregate) {
                    case AVERAGE -> st.sum / st.count;
                    case MINIMUM -> st.min;
                    case MAXIMUM -> st.max;
                    case COUNT -> st.count;
                };
                Variant variant = aggregate == Aggregate.COUNT ? new Variant((int) st.count) : new Variant(v);
                out.add(new DataValue(variant, new StatusCode(CALCULATED), ts, null));
            }
            cursor = blockEnd;
        }
        return new Page(StatusCode.GOOD, out, ByteString.NULL_VALUE);
    }

    private static final class Stats {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;

        Stats add(double mn, double mx, double s, long c) {
            min = Math.min(min, mn);
            max = Math.max(max, mx);
            sum += s;
            count += c;
            return this;
        }
    }

    /** A stored sample as the channel's value: numbers as Double, booleans, states by name. */
    static DataValue value(ChannelSpec spec, long time, double stored, byte quality) {
        QualityLevel q = QualityLevel.ofCode(quality);
        Variant v = spec.decode(stored).map(TwinNamespace::variant).orElse(Variant.NULL_VALUE);
        if (q != QualityLevel.GOOD && v.isNull() && spec.type().isNumeric()) {
            v = new Variant(stored);
        }
        return new DataValue(v, TwinNamespace.status(q), new DateTime(Instant.ofEpochMilli(time)), null);
    }

    private static boolean set(DateTime t) {
        return t != null && !t.isNull();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatedSub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    private static long fingerprint(byte kind, SeriesKey series, long from, long to, long n, NodeId aggregate) {
        long h = kind;
        h = h * 31 + series.hashCode();
        h = h * 31 + Long.hashCode(from);
        h = h * 31 + Long.hashCode(to);
        h = h * 31 + Long.hashCode(n);
        h = h * 31 + (aggregate == null ? 0 : aggregate.hashCode());
        return h;
    }

    private static ByteString encode(byte kind, long fingerprint, long cursor) {
        return ByteString.of(ByteBuffer.allocate(17).put(kind).putLong(fingerprint).putLong(cursor).array());
    }

    private static Long decode(ByteString cp, byte kind, long fingerprint) {
        byte[] b = cp.bytesOrEmpty();
        if (b.length != 17) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        if (buf.get() != kind || buf.getLong() != fingerprint) {
            return null;
        }
        return buf.getLong();
    }
}
