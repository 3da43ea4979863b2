package io.minetwin.simulator;

import java.util.OptionalDouble;

/**
 * Per-twin simulation settings, the {@code simulation:} block of a twin in a fleet file.
 *
 * @param utilisation  share of scheduled time the machine works (the rest idle), 0 to 1
 * @param haulKm       one-way haul distance for trucks, km
 * @param haulGrade    haul road grade for trucks, % (uphill loaded)
 * @param lifeFactor   multiplies every wear-out life of this twin (a harsh or gentle unit)
 * @param initialWear  the wear of every component at the start, overriding the fleet's random draw
 */
public record TwinSettings(double utilisation, double haulKm, double haulGrade, double lifeFactor,
                           OptionalDouble initialWear) {

    public static final TwinSettings DEFAULTS = new TwinSettings(0.85, 3.0, 9.0, 1.0, OptionalDouble.empty());

    public TwinSettings {
        if (!(utilisation >= 0 && utilisation <= 1)) {
            throw new IllegalArgumentException("utilisation " + utilisation + " must lie between 0 and 1, e.g. 0.85");
        }
        if (!(haulKm > 0 && haulKm <= 50)) {
            throw new IllegalArgumentException("haul-km " + haulKm + " must lie above 0 and at most 50, e.g. 3.2");
        }
        if (!(haulGrade >= 0 && haulGrade <= 20)) {
            throw new IllegalArgumentException("haul-grade " + haulGrade + " % must lie between 0 and 20, e.g. 9");
        }
        if (!(lifeFactor > 0) || !Double.isFinite(lifeFactor)) {
            throw new IllegalArgumentException("life-factor " + lifeFactor + " must be a positive number, e.g. 0.8");
        }
        if (initialWear == null) {
            initialWear = OptionalDouble.empty();
        }
        if (initialWear.isPresent() && !(initialWear.getAsDouble() >= 0 && initialWear.getAsDouble() < 1)) {
            throw new IllegalArgumentException("initial-wear " + initialWear.getAsDouble()
                    + " must lie in [0, 1): the share of life already used");
        }
    }

    public TwinSettings withInitialWear(double value) {
        return new TwinSettings(utilisation, haulKm, haulGrade, lifeFactor, OptionalDouble.of(value));
    }

    public TwinSettings withUtilisation(double value) {
        return new TwinSettings(value, haulKm, haulGrade, lifeFactor, initialWear);
    }
}
