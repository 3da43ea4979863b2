package io.minetwin.engine.forecast;

import io.minetwin.engine.config.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The configuration's {@code forecasts} section.
 *
 * <pre>
 * forecasts:
 *   every: 1h       # how often the scorer forecasts every component with an active model
 *   enabled: true   # false: no periodic scoring (on-demand scoring still works)
 *   priors: true    # components without a trained model are forecast from their type's life prior
 *   retrain: 7d     # champion/challenger every 7 days: train a candidate, promote it only if it beats the
 *                   # active model on the same recent holdout (off when absent or 'off')
 * </pre>
 *
 * @param every   the scoring period
 * @param enabled whether the scorer runs periodically
 * @param priors  whether components without an active model get a forecast from their type's life prior
 * @param retrain how often champion/challenger retraining runs; empty when off (the default)
 */
public record ForecastSettings(Duration every, boolean enabled, boolean priors, java.util.Optional<Duration> retrain) {

    public static final ForecastSettings DEFAULT = new ForecastSettings(Duration.ofHours(1), true, true,
            java.util.Optional.empty());
    /** The shortest retraining period: training a fleet's models takes minutes to hours. */
    public static final Duration MIN_RETRAIN = Duration.ofHours(1);

    public ForecastSettings {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("forecasts.every must be positive, got " + every);
        }
        java.util.Objects.requireNonNull(retrain, "retrain");
        if (retrain.isPresent() && retrain.get().compareTo(MIN_RETRAIN) < 0) {
            throw new IllegalArgumentException("forecasts.retrain must be at least 1h, got " + retrain.get());
        }
    }

    /** As {@link #ForecastSettings(Duration, boolean, boolean, java.util.Optional)} with retraining off. */
    public ForecastSettings(Duration every, boolean enabled, boolean priors) {
        this(every, enabled, priors, java.util.Optional.empty());
    }

    /**
     * Reads the section as the configuration loader keeps it.
     *
     * @param where names the file in messages
     * @throws IllegalArgumentException naming the key and the fix
     */
    public static ForecastSettings from(Object section, String where) {
        if (section == null) {
            return DEFAULT;
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": forecasts must be a mapping, e.g. forecasts: {every: 1h}");
        }
        for (Object key : map.keySet()) {
            if (!Set.of("every", "enabled", "priors", "retrain").contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + ": forecasts." + key + " is not a setting; use every,"
                        + " enabled, priors or retrain");
            }
        }
        Duration every = DEFAULT.every();
        if (map.get("every") != null) {
            try {
                every = Durations.parse(String.valueOf(map.get("every")), false);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": forecasts.every: " + e.getMessage(), e);
            }
            if (every.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException(where + ": forecasts.every is " + every.toMillis() + " ms; use at"
                        + " least 10s, e.g. 1h");
            }
        }
        return new ForecastSettings(every, flag(map, "enabled", where), flag(map, "priors", where),
                retrain(map.get("retrain"), where));
    }

    private static java.util.Optional<Duration> retrain(Object value, String where) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        String text = String.valueOf(value).trim();
        if (text.equals("off") || text.equals("false")) {
            return java.util.Optional.empty();
        }
        Duration d;
        try {
            d = Durations.parse(text, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": forecasts.retrain: " + e.getMessage()
                    + "; e.g. retrain: 7d, or retrain: off", e);
        }
        if (d.compareTo(MIN_RETRAIN) < 0) {
            throw new IllegalArgumentException(where + ": forecasts.retrain is " + text + "; retraining takes a"
                    + " while, use at least 1h (e.g. 7d), or off");
        }
        return java.util.Optional.of(d);
    }

    private static boolean flag(Map<?, ?> map, String key, String where) {
        if (map.get(key) == null) {
            return true;
        }
        String v = String.valueOf(map.get(key)).trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(where + ": forecasts." + key + " is '" + v + "'; use true or false");
        }
        return Boolean.parseBoolean(v);
    }
}
