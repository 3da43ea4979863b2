package io.minetwin.engine.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a failure costs per asset type, from the configuration's {@code costs} section, so forecasts can
 * be ranked by expected cost (failure probability x cost of the downtime a failure causes) rather than by
 * probability alone.
 *
 * <pre>
 * costs:
 *   currency: USD                 # optional, shown with the figures
 *   electric-shovel:
 *     downtimePerHour: 12000      # lost production per hour the machine stands
 *     downtimeHours: 36           # optional: hours a failure stops it (default 24)
 *   haul-truck: {downtimePerHour: 2500, downtimeHours: 12}
 * </pre>
 */
public record DowntimeCosts(String currency, Map<String, Cost> byType) {

    /** Hours a failure stops a machine when the configuration does not say. */
    public static final double DEFAULT_DOWNTIME_HOURS = 24;
    public static final DowntimeCosts NONE = new DowntimeCosts("", Map.of());

    /**
     * One asset type's cost of failure.
     *
     * @param downtimePerHour cost per hour of downtime
     * @param downtimeHours   hours of downtime a failure causes
     */
    public record Cost(double downtimePerHour, double downtimeHours) {
        public Cost {
            if (!(downtimePerHour >= 0) || !Double.isFinite(downtimePerHour)) {
                throw new IllegalArgumentException("downtimePerHour must be a finite number >= 0, got " + downtimePerHour);
            }
            if (!(downtimeHours > 0) || !Double.isFinite(downtimeHours)) {
                throw new IllegalArgumentException("downtimeHours must be a finite number > 0, got " + downtimeHours);
            }
        }

        /** Cost of one failure. */
        public double perFailure() {
            return downtimePerHour * downtimeHours;
        }
    }

    public DowntimeCosts {
        currency = currency == null ? "" : currency;
        byType = Map.copyOf(byType);
    }

    public boolean isEmpty() {
        return byType.isEmpty();
    }

    public Optional<Cost> of(String assetType) {
        return Optional.ofNullable(byType.get(assetType));
    }

    /**
     * Reads the section as the configuration loader keeps it (plain maps and scalars).
     *
     * @param where names the file in messages, e.g. {@code config/minetwin.yaml}
     * @throws IllegalArgumentException naming the key, the bad value and the fix
     */
    public static DowntimeCosts from(Object section, String where) {
        if (section == null) {
            return NONE;
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": costs must be a mapping of asset type to"
                    + " {downtimePerHour, downtimeHours}, e.g. costs: {electric-shovel: {downtimePerHour: 12000}}");
        }
        String currency = "";
        Map<String, Cost> types = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String type = String.valueOf(e.getKey());
            if (type.equals("currency")) {
                currency = String.valueOf(e.getValue()).trim();
                continue;
            }
            String at = where + ": costs." + type;
            if (!(e.getValue() instanceof Map<?, ?> cost)) {
                throw new IllegalArgumentException(at + " must be a mapping with downtimePerHour and optionally"
                        + " downtimeHours, e.g. {downtimePerHour: 12000, downtimeHours: 36}");
            }
            for (Object key : cost.keySet()) {
                if (!Set.of("downtimePerHour", "downtimeHours").contains(String.valueOf(key))) {
                    throw new IllegalArgumentException(at + "." + key + " is not a setting; use downtimePerHour"
                            + " or downtimeHours");
                }
            }
            if (cost.get("downtimePerHour") == null) {
                throw new IllegalArgumentException(at + ".downtimePerHour is missing; give the cost of an hour of"
                        + " downtime, e.g. downtimePerHour: 12000");
            }
            double perHour = number(cost.get("downtimePerHour"), at + ".downtimePerHour");
            double hours = cost.get("downtimeHours") == null ? DEFAULT_DOWNTIME_HOURS
                    : number(cost.get("downtimeHours"), at + ".downtimeHours");
            try {
                types.put(type, new Cost(perHour, hours));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(at + ": " + ex.getMessage(), ex);
            }
        }
        return new DowntimeCosts(currency, types);
    }

    private static double number(Object value, String at) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": '" + value + "' is not a number; write e.g. 12000");
        }
    }
}
