package io.minetwin.analytics.registry;

/** Where a model version is in its life; stored by name. */
public enum ModelState {
    /** Trained and evaluated, not used for forecasts yet. */
    CANDIDATE,
    /** The version forecasts use for its asset type and component. */
    ACTIVE,
    /** Was active, or was set aside; kept for rollback and audit. */
    RETIRED
}
