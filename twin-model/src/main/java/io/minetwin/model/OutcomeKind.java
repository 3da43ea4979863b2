package io.minetwin.model;

import java.util.Locale;

/** The kind of an {@link ApplyResult}, for counting outcomes. */
public enum OutcomeKind {
    APPLIED, UNKNOWN_TWIN, UNKNOWN_CHANNEL, WRONG_TYPE, NOT_FINITE, OUT_OF_PHYSICAL_RANGE, NOT_ALLOWED_STATE,
    OUT_OF_ORDER, FAR_FUTURE, TOO_OLD;

    /** The name used in status output: {@code applied}, {@code out-of-order}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
