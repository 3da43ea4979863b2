package io.minetwin.simulator;

/** Channels of a haul truck's work: engine speed and fuel, tyres, retarder, body payload, speed and grade. */
final class HaulChannels {

    private HaulChannels() {
    }

    /** Engine speed, rpm: idle when warm and stopped, up with the engine load. */
    static final ChannelPhysics ENGINE_SPEED = ChannelPhysics.of(c -> c.on
            ? 750 + 1100 * c.twin.engineLoadOr(c.abs) + c.noise().gaussian(0, 10)
            : c.twin.upkeep.phase == Phase.OPERATING && c.twin.warm > 0.3 ? 700 + c.noise().gaussian(0, 5) : 0);

    /** Fuel rate, L/h. */
    static final ChannelPhysics FUEL_RATE = ChannelPhysics.of(c -> c.on
            ? 20 + 230 * c.twin.engineLoadOr(c.abs) + c.noise().gaussian(0, 3)
            : c.twin.upkeep.phase == Phase.OPERATING && c.twin.warm > 0.3 ? 18 : 0);

    /** Tyre pressure, kPa: this tyre's cold pressure, up with its temperature (ideal gas). */
    static final ChannelPhysics TYRE_PRESSURE = ChannelPhysics.of(c -> c.unitBase
            * (273.15 + tyreTemp(c)) / 293.15 + c.noise().gaussian(0, 1.5))
            .scatter(lives -> lives.uniform(670, 705));

    /** Tyre temperature, degC. */
    static final ChannelPhysics TYRE_TEMP = ChannelPhysics.of(c -> tyreTemp(c) + c.noise().gaussian(0, 0.5));

    /** Retarder grid temperature, degC: hot while retarding downhill. */
    static final ChannelPhysics RETARDER_TEMP = ChannelPhysics.of(c -> c.amb + 30 * c.twin.warm
            + 520 * c.twin.duty.retard + c.noise().gaussian(0, 5));

    /** Body payload, t: the load carried, near zero when empty. */
    static final ChannelPhysics PAYLOAD = ChannelPhysics.of(c -> c.twin.duty.loaded
            ? c.twin.duty.payload + c.noise().gaussian(0, 1.5) : c.noise().gaussian(0, 0.8));

    /** Ground speed, km/h. */
    static final ChannelPhysics SPEED = ChannelPhysics.of(c -> {
        double speedKmh = c.twin.duty.speedKmh;
        return Math.max(0, speedKmh + (speedKmh > 0 ? c.noise().gaussian(0, 0.5) : 0));
    });

    /** Road grade, %. */
    static final ChannelPhysics GRADE = ChannelPhysics.of(c -> c.twin.duty.grade
            + (c.on ? c.noise().gaussian(0, 0.3) : 0));

    /** Body load state ({@code empty} or {@code loaded}) as a state index. */
    static final ChannelPhysics LOAD_STATE = ChannelPhysics.of(c -> c.twin.duty.loaded ? c.twin.loadedIndex
            : c.twin.emptyIndex);

    private static double tyreTemp(ChannelStep c) {
        return c.amb + 10 * c.twin.warm + 55 * c.th;
    }
}
