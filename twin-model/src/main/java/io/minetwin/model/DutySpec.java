package io.minetwin.model;

import java.util.Objects;

/**
 * The duty a component's life is counted in, declared in its asset type under {@code life: {duty: ...}}: a
 * numeric channel of the component that measures how hard it works (an engine's fuel rate, a motor's current),
 * the channel's mean at the duty the declared life was observed at, and the exponent of an accelerated-life
 * model. An hour at {@code x} then ages the part by {@code (x / nominal)^exponent} hours, so a machine worked
 * below its nominal duty (derated, lightly loaded, stood down) ages more slowly than the calendar, and one worked
 * harder ages faster.
 *
 * @param channel  a numeric channel of the same component
 * @param nominal  the channel's mean over calendar time (stops included) at the type's typical duty, in the
 *                 channel's unit; an hour at this mean ages the part by one hour
 * @param exponent the life-stress exponent: 1 for wear proportional to work done (Miner's rule, e.g. engine
 *                 wear per litre of fuel), 3 for rolling bearings against load (the L10 life law)
 */
public record DutySpec(String channel, double nominal, double exponent) {

    /** The exponent when none is declared: wear proportional to work done. */
    public static final double DEFAULT_EXPONENT = 1.0;

    public DutySpec {
        Objects.requireNonNull(channel, "channel");
        if (!(nominal > 0 && Double.isFinite(nominal))) {
            throw new SpecException("life.duty.nominal", "nominal duty " + nominal + " must be a finite number above 0:"
                    + " write the channel's mean at the type's typical duty, e.g. 'nominal: 120'");
        }
        if (!(exponent >= 0.1 && exponent <= 10)) {
            throw new SpecException("life.duty.exponent", "duty exponent " + exponent + " is not within 0.1..10: 1 for"
                    + " wear proportional to work done, 3 for rolling bearings against load");
        }
    }
}
