package io.minetwin.engine.notify;

import org.slf4j.Logger;

/** Logs dropped notifications at the first drop and then at most once a minute, with the running count. */
final class OverflowLog {

    private static final long EVERY_NANOS = 60_000_000_000L;

    private final Logger log;
    private final String what;
    private long lastNanos;
    private boolean logged;

    OverflowLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    synchronized void dropped(long total) {
        long now = System.nanoTime();
        if (!logged || now - lastNanos >= EVERY_NANOS) {
            logged = true;
            lastNanos = now;
            log.warn("{} ({} so far)", what, total);
        }
    }
}
