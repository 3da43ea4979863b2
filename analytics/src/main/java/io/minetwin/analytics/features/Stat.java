package io.minetwin.analytics.features;

/** The statistics computed per channel over a causal window; the names appear in feature names. */
public enum Stat {
    MEAN("mean"), STD("std"), MIN("min"), MAX("max"), SLOPE("slope"), EWMA("ewma"), RMS("rms"),
    KURTOSIS("kurtosis");

    private final String label;

    Stat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
