package io.minetwin.connectors.opcua.server;

/**
 * What one SCADA server lets its clients take, so that no login can exhaust it. A client past a limit gets
 * the OPC UA status for it: Bad_TooManySessions, Bad_TooManySubscriptions, Bad_TooManyMonitoredItems.
 *
 * @param maxSessions                  sessions open at once, all clients together
 * @param maxSubscriptionsPerSession   subscriptions one session may hold
 * @param maxMonitoredItemsPerSession  monitored items one session may hold, over all its subscriptions
 * @param maxQueueSize                 the most values a monitored item on a twin's node queues between two
 *                                     publishes (a larger requested queue size is revised down to it)
 * @param maxHistoryPointsPerCall      the most values one HistoryRead call returns, over all its nodes; each
 *                                     node gets an equal share and a continuation point for the rest
 */
public record ScadaLimits(int maxSessions, int maxSubscriptionsPerSession, int maxMonitoredItemsPerSession,
                          int maxQueueSize, int maxHistoryPointsPerCall) {

    public static final int DEFAULT_MAX_SESSIONS = 50;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION = 20;
    public static final int DEFAULT_MAX_MONITORED_ITEMS_PER_SESSION = 10_000;
    public static final int DEFAULT_MAX_QUEUE_SIZE = 100;
    public static final int DEFAULT_MAX_HISTORY_POINTS_PER_CALL = 100_000;

    /** The defaults: 50 sessions, 20 subscriptions and 10,000 items per session, queues of 100, 100,000 points. */
    public static final ScadaLimits DEFAULTS = new ScadaLimits(DEFAULT_MAX_SESSIONS,
            DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION, DEFAULT_MAX_MONITORED_ITEMS_PER_SESSION, DEFAULT_MAX_QUEUE_SIZE,
            DEFAULT_MAX_HISTORY_POINTS_PER_CALL);

    public ScadaLimits {
        positive("maxSessions", maxSessions);
        positive("maxSubscriptionsPerSession", maxSubscriptionsPerSession);
        positive("maxMonitoredItemsPerSession", maxMonitoredItemsPerSession);
        positive("maxQueueSize", maxQueueSize);
        positive("maxHistoryPointsPerCall", maxHistoryPointsPerCall);
        if (maxQueueSize > 65_535) {
            throw new IllegalArgumentException("maxQueueSize " + maxQueueSize + " is above OPC UA servers' usual"
                    + " 65,535; use 1-65535");
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " " + v + " must be at least 1");
        }
    }

    public ScadaLimits withMaxSessions(int v) {
        return new ScadaLimits(v, maxSubscriptionsPerSession, maxMonitoredItemsPerSession, maxQueueSize,
                maxHistoryPointsPerCall);
    }

    public ScadaLimits withMaxSubscriptionsPerSession(int v) {
        return new ScadaLimits(maxSessions, v, maxMonitoredItemsPerSession, maxQueueSize, maxHistoryPointsPerCall);
    }

    public ScadaLimits withMaxMonitoredItemsPerSession(int v) {
        return new ScadaLimits(maxSessions, maxSubscriptionsPerSession, v, maxQueueSize, maxHistoryPointsPerCall);
    }

    public ScadaLimits withMaxQueueSize(int v) {
        return new ScadaLimits(maxSessions, maxSubscriptionsPerSession, maxMonitoredItemsPerSession, v,
                maxHistoryPointsPerCall);
    }

    public ScadaLimits withMaxHistoryPointsPerCall(int v) {
        return new ScadaLimits(maxSessions, maxSubscriptionsPerSession, maxMonitoredItemsPerSession, maxQueueSize, v);
    }
}
