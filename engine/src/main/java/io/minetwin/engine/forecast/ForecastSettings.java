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
 * </pre>
 *
 * @param every   the scoring period
 * @param enabled whether the scorer runs periodically
 * @param priors  whether components without an active model get a forecast from their type's life prior
 */
public record ForecastSettings(Duration every, boolean enabled, boolean priors) {

    public static final ForecastSettings DEFAULT = new ForecastSettings(Duration.ofHours(1), true, true);

    public ForecastSettings {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("forecasts.every must be positive, got " + every);
        }
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
            if (!Set.of("every", "enabled", "priors").contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + ": forecasts." + key + " is not a setting; use every,"
                        + " enabled or priors");
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
        return new ForecastSettings(every, flag(map, "enabled", where), flag(map, "priors", where));
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
