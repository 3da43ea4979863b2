package io.minetwin.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A component type's typical life, declared in its asset type: a Weibull distribution of the hours from a
 * renewal (new or rebuilt part) to failure, overall and per supplier where a supplier's parts last longer or
 * shorter. It is the prior a forecast starts from when the fleet has too few failures of the component to
 * train a model or fit the distribution to its records.
 *
 * @param shape              Weibull shape: about 1 for random faults, above 1 for wear-out (1.1-1.5 for bearings)
 * @param scaleHours         Weibull scale (characteristic life: 63 % have failed by then), in hours
 * @param supplierScaleHours scale per supplier, as written in the fleet's {@code suppliers}
 * @param duty               the duty the life is counted in, where declared; else the life is counted in calendar
 *                           hours
 */
public record LifeSpec(double shape, double scaleHours, Map<String, Double> supplierScaleHours,
                       Optional<DutySpec> duty) {

    public LifeSpec {
        if (!(shape >= 0.2 && shape <= 20)) {
            throw new SpecException("life.shape", "Weibull shape " + shape + " is not within 0.2..20: about 1 for"
                    + " random faults, 1.1-4 for wear-out");
        }
        checkScale(scaleHours, "life.scale");
        supplierScaleHours = Map.copyOf(new TreeMap<>(supplierScaleHours == null ? Map.of() : supplierScaleHours));
        supplierScaleHours.forEach((supplier, scale) -> checkScale(scale, "life.suppliers." + supplier + ".scale"));
        duty = duty == null ? Optional.empty() : duty;
    }

    public LifeSpec(double shape, double scaleHours, Map<String, Double> supplierScaleHours) {
        this(shape, scaleHours, supplierScaleHours, Optional.empty());
    }

    public LifeSpec(double shape, double scaleHours) {
        this(shape, scaleHours, Map.of());
    }

    /** The scale for a part of {@code supplier}, else the type's. */
    public double scaleHours(Optional<String> supplier) {
        return supplier.map(supplierScaleHours::get).orElse(scaleHours);
    }

    private static void checkScale(Double hours, String where) {
        if (hours == null || !(hours >= 1 && hours <= 10_000_000)) {
            throw new SpecException(where, "Weibull scale " + hours + " h is not within 1 h..10,000,000 h; write the"
                    + " characteristic life, e.g. '40000h' or '5y'");
        }
    }
}
