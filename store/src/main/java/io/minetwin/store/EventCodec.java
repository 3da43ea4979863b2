package io.minetwin.store;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.TwinId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of an {@link Event} and its keys.
 *
 * <p>Value format version 1: {@code byte version, int64 epoch second, int32 nano, string namespace,
 * string name, byte has-component [string component], string kind name, varint n, n x (string key,
 * string value)} with details sorted by key, strings as varint length and UTF-8. Equal events encode
 * to equal bytes, so the key's content hash (the first 8 bytes of the SHA-256 of the value) makes
 * appending an event twice store it once.
 *
 * <p>Keys: by time {@code sortable second(8) | nano(4) | hash(8)}; by twin {@code namespace 0x00
 * name 0x00 | the time key}. Twin ids cannot contain 0x00.
 *
 * <p>Index keys (store format 3, one column family, each key shape behind its own first byte; the values
 * of the first three are the encoded event, so an indexed read needs no second lookup):
 * <ul>
 *   <li>{@link #BY_KIND}: {@code 0x01 | kind name 0x00 | the time key}</li>
 *   <li>{@link #BY_KIND_TWIN}: {@code 0x02 | kind name 0x00 | twin prefix | the time key}</li>
 *   <li>{@link #ALERT_EVENTS}: {@code 0x03 | sortable raised epoch millis(8) | alert id 0x00 | the time key}:
 *       an alert's events side by side, alerts in the order they were raised</li>
 *   <li>{@link #ALERT_HEAD}: {@code 0x04 | raised(8) | alert id}, value one byte: 1 once the alert has a
 *       {@code cleared} event, else 0</li>
 *   <li>{@link #ALERT_OPEN}: {@code 0x05 | raised(8) | alert id}, empty value: present while the alert is open</li>
 * </ul>
 */
final class EventCodec {

    static final int VERSION = 1;

    private EventCodec() {
    }

    static byte[] encode(Event e) {
        Bytes.Sink out = new Bytes.Sink(64).put(VERSION).putLong(e.time().getEpochSecond()).putInt(e.time().getNano())
                .putString(e.twin().namespace()).putString(e.twin().name());
        if (e.component() == null) {
            out.put(0);
        } else {
            out.put(1).putString(e.component());
        }
        out.putString(e.kind().name());
        Map<String, String> details = new TreeMap<>(e.details());
        out.putVarint(details.size());
        details.forEach((k, v) -> out.putString(k).putString(v));
        return out.toArray();
    }

    static Event decode(byte[] bytes) {
        Bytes.Source in = new Bytes.Source(bytes, "event");
        int version = in.get();
        if (version != VERSION) {
            throw new StoreException("event has format version " + version + " but this build reads " + VERSION
                    + "; open the store with the version that wrote it");
        }
        Instant time = Instant.ofEpochSecond(in.getLong(), in.getInt());
        TwinId twin = new TwinId(in.getString(), in.getString());
        String component = in.get() == 0 ? null : in.getString();
        String kindName = in.getString();
        EventKind kind;
        try {
            kind = EventKind.valueOf(kindName);
        } catch (IllegalArgumentException e) {
            throw new StoreException("event has unknown kind '" + kindName
                    + "'; it was written by a newer version, open the store with that version", e);
        }
        int n = in.getCount(bytes.length);
        Map<String, String> details = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            details.put(in.getString(), in.getString());
        }
        return new Event(time, twin, component, kind, details);
    }

    static final byte BY_KIND = 1;
    static final byte BY_KIND_TWIN = 2;
    static final byte ALERT_EVENTS = 3;
    static final byte ALERT_HEAD = 4;
    static final byte ALERT_OPEN = 5;
    static final int TIME_KEY_LENGTH = 20;

    static byte[] kindPrefix(EventKind kind) {
        byte[] name = kind.name().getBytes(StandardCharsets.US_ASCII);
        byte[] k = new byte[name.length + 2];
        k[0] = BY_KIND;
        System.arraycopy(name, 0, k, 1, name.length);
        return k;
    }

    static byte[] kindTwinPrefix(EventKind kind, TwinId twin) {
        byte[] k = concat(kindPrefix(kind), twinPrefix(twin));
        k[0] = BY_KIND_TWIN;
        return k;
    }

    /** {@code type | raised(8) | alert id}: the key of an alert's head or open marker. */
    static byte[] alertKey(byte type, Instant raised, String alertId) {
        byte[] id = alertId.getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[9 + id.length];
        k[0] = type;
        Bytes.putLong(k, 1, Bytes.sortable(millis(raised)));
        System.arraycopy(id, 0, k, 9, id.length);
        return k;
    }

    /** The smallest alert key of {@code type} raised at {@code raised}. */
    static byte[] alertBound(byte type, Instant raised) {
        byte[] k = new byte[9];
        k[0] = type;
        Bytes.putLong(k, 1, Bytes.sortable(millis(raised)));
        return k;
    }

    /** The alert id of an alert head or open key. */
    static String alertIdOf(byte[] key) {
        return new String(key, 9, key.length - 9, StandardCharsets.UTF_8);
    }

    /** The raised time of an alert head or open key. */
    static Instant alertRaisedOf(byte[] key) {
        return Instant.ofEpochMilli(Bytes.sortable(Bytes.getLong(key, 1)));
    }

    /** {@code 0x03 | raised(8) | alert id 0x00}: the prefix of an alert's events. */
    static byte[] alertEventsPrefix(Instant raised, String alertId) {
        byte[] k = alertKey(ALERT_EVENTS, raised, alertId);
        return java.util.Arrays.copyOf(k, k.length + 1);
    }

    /** The first key after every key that starts with {@code prefix} (which must not be all 0xFF). */
    static byte[] after(byte[] prefix) {
        byte[] k = prefix.clone();
        for (int i = k.length - 1; i >= 0; i--) {
            if (k[i] != (byte) 0xFF) {
                k[i]++;
                return java.util.Arrays.copyOf(k, i + 1);
            }
        }
        throw new IllegalArgumentException("no key follows a prefix of only 0xFF bytes");
    }

    /** Epoch millis of {@code t}, clamped to the range a long holds (for {@link Instant#MIN} and {@link Instant#MAX}). */
    static long millis(Instant t) {
        if (t.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        if (t.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        return t.toEpochMilli();
    }

    /** The time key of an encoded event. */
    static byte[] timeKey(Instant time, byte[] encoded) {
        byte[] k = new byte[20];
        writeTime(k, 0, time);
        System.arraycopy(hash(encoded), 0, k, 12, 8);
        return k;
    }

    /** The smallest time key at {@code time}. */
    static byte[] timeBound(Instant time) {
        byte[] k = new byte[12];
        writeTime(k, 0, time);
        return k;
    }

    static byte[] twinPrefix(TwinId twin) {
        byte[] ns = twin.namespace().getBytes(StandardCharsets.UTF_8);
        byte[] name = twin.name().getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[ns.length + name.length + 2];
        System.arraycopy(ns, 0, k, 0, ns.length);
        System.arraycopy(name, 0, k, ns.length + 1, name.length);
        return k;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] k = new byte[a.length + b.length];
        System.arraycopy(a, 0, k, 0, a.length);
        System.arraycopy(b, 0, k, a.length, b.length);
        return k;
    }

    private static void writeTime(byte[] k, int off, Instant time) {
        Bytes.putLong(k, off, Bytes.sortable(time.getEpochSecond()));
        Bytes.putInt(k, off + 8, time.getNano());
    }

    private static byte[] hash(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256, which every Java platform must provide", e);
        }
    }
}
