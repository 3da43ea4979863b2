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
 * </pre>
 *
 * @param every   the scoring period
 * @param enabled whether the scorer runs periodically
 */
public record ForecastSettings(Duration every, boolean enabled) {

    public static final ForecastSettings DEFAULT = new ForecastSettings(Duration.ofHours(1), true);

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
            if (!Set.of("every", "enabled").contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + ": forecasts." + key + " is not a setting; use every or"
                        + " enabled");
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
        boolean enabled = true;
        if (map.get("enabled") != null) {
            String v = String.valueOf(map.get("enabled")).trim();
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(where + ": forecasts.enabled is '" + v + "'; use true or false");
            }
            enabled = Boolean.parseBoolean(v);
        }
        return new ForecastSettings(every, enabled);
    }
}
