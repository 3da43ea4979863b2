package io.minetwin.store;

import java.util.Locale;

/**
 * What a returned write promises to survive.
 *
 * <p>{@link #ACKNOWLEDGED}: once {@link History#append}, an event log append or a snapshot write
 * returns, the data is on stable storage (RocksDB's log is fsync'd) and survives a power loss.
 * Concurrent appends share one fsync (group commit), so throughput stays high when batches are large
 * or writers many. {@link #PROCESS}: the data has reached the operating system when the call returns;
 * it survives the death of the process but not a power loss or kernel crash, and costs no fsync.
 */
public enum Durability {
    ACKNOWLEDGED,
    PROCESS;

    /** The name used in configuration ({@code history.durability}) and on the command line. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration name, ignoring case.
     *
     * @throws IllegalArgumentException naming the valid values
     */
    public static Durability parse(String text) {
        for (Durability d : values()) {
            if (d.configName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("durability must be 'acknowledged' (fsync'd before a write returns; survives"
                + " power loss) or 'process' (survives a process crash only), got '" + text + "'");
    }
}
