package io.minetwin.model;

/** What an event records. The names are stored and must not change. */
public enum EventKind {
    /** A maintenance action: failure repair, replacement, preventive work or inspection. */
    MAINTENANCE,
    /** A component failed. */
    FAILURE,
    /** An alert was raised, changed level or was acknowledged. */
    ALERT,
    /** Data for a twin is missing for a period, e.g. a connection was lost. */
    GAP,
    /** A change made by a user or system, recorded for audit. */
    AUDIT,
    /** A notification about alerts was delivered to a channel (webhook, e-mail), or an attempt failed. */
    NOTIFICATION
}
