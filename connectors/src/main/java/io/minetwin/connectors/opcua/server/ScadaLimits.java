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
 * @param minSamplingInterval          milliseconds: the shortest sampling interval of a monitored item on a
 *                                     channel (the channels' MinimumSamplingInterval attribute); a client asking
 *                                     for less, or for 0 (the fastest practical rate), gets this one. An item gets
 *                                     at most one value per revised sampling interval: the channel's latest
 */
public record ScadaLimits(int maxSessions, int maxSubscriptionsPerSession, int maxMonitoredItemsPerSession,
                          int maxQueueSize, int maxHistoryPointsPerCall, double minSamplingInterval) {

    public static final int DEFAULT_MAX_SESSIONS = 50;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION = 20;
    public static final int DEFAULT_MAX_MONITORED_ITEMS_PER_SESSION = 10_000;
    public static final int DEFAULT_MAX_QUEUE_SIZE = 100;
    public static final int DEFAULT_MAX_HISTORY_POINTS_PER_CALL = 100_000;
    /** Milliseconds; 100 ms is what PLC OPC UA servers commonly allow as their fastest sampling. */
    public static final double DEFAULT_MIN_SAMPLING_INTERVAL = 100.0;
    /** The most a minimum sampling interval may be, in milliseconds (one minute). */
    public static final double MAX_MIN_SAMPLING_INTERVAL = 60_000.0;

    /**
     * The defaults: 50 sessions, 20 subscriptions and 10,000 items per session, queues of 100, 100,000 points, a
     * sampling interval of at least 100 ms.
     */
    public static final ScadaLimits DEFAULTS = new ScadaLimits(DEFAULT_MAX_SESSIONS,
            DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION, DEFAULT_MAX_MONITORED_ITEMS_PER_SESSION, DEFAULT_MAX_QUEUE_SIZE,
            DEFAULT_MAX_HISTORY_POINTS_PER_CALL, DEFAULT_MIN_SAMPLING_INTERVAL);

    /** The limits with the default minimum sampling interval. */
    public ScadaLimits(int maxSessions, int maxSubscriptionsPerSession, int maxMonitoredItemsPerSession,
                       int maxQueueSize, int maxHistoryPointsPerCall) {
        this(maxSessions, maxSubscriptionsPerSession, maxMonitoredItemsPerSession, maxQueueSize,
                maxHistoryPointsPerCall, DEFAULT_MIN_SAMPLING_INTERVAL);
    }

    public ScadaLimits {
        if (!(minSamplingInterval >= 1 && minSamplingInterval <= MAX_MIN_SAMPLING_INTERVAL)) {
            throw new IllegalArgumentException("minSamplingInterval " + minSamplingInterval + " ms is outside 1-60000;"
                    + " use e.g. 100");
        }
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
                maxHistoryPointsPerCall, minSamplingInterval);
    }

    public ScadaLimits withMaxSubscriptionsPerSession(int v) {
        return new ScadaLimits(maxSessions, v, maxMonitoredItemsPerSession, maxQueueSize, maxHistoryPointsPerCall,
                minSamplingInterval);
    }

    public ScadaLimits withMaxMonitoredItemsPerSession(int v) {
        return new ScadaLimits(maxSessions, maxSubscriptionsPerSession, v, maxQueueSize, maxHistoryPointsPerCall,
                minSamplingInterval);
    }

    public ScadaLimits withMaxQueueSize(int v) {
        return new ScadaLimits(maxSessions, maxSubscriptionsPerSession, maxMonitoredItemsPerSession, v,
                maxHistoryPointsPerCall, minSamplingInterval);
    }

    public ScadaLimits withMaxHistoryPointsPerCall(int v) {
        return new ScadaLimits(maxSessions, maxSubscriptionsPerSession, maxMonitoredItemsPerSession, maxQueueSize, v,
                minSamplingInterval);
    }

    public ScadaLimits withMinSamplingInterval(double millis) {
        return new ScadaLimits(maxSessions, maxSubscriptionsPerSession, maxMonitoredItemsPerSession, maxQueueSize,
                maxHistoryPointsPerCall, millis);
    }
}
