package io.minetwin.simulator;

/**
 * IGBT bond-wire lift-off (Coffin-Manson: cycles to failure ~ dTj^-5 exp(Ea/kT)): Vce(on) rises as bond
 * wires lift. Life counts reference thermal cycles (40 K swing at 80 degC mean); each of the host's work
 * cycles is one thermal cycle, with the swing of its load (a truck's haul swings harder than a shovel's dig).
 */
final class BondWireLiftOff extends FailureMode {

    static final BondWireLiftOff MODE = new BondWireLiftOff();

    private static final double BOLTZMANN_EV = 8.617e-5;

    /** On-state collector-emitter voltage, V: this unit's level, temperature-dependent, up as wires lift. */
    static final ChannelPhysics VCE = ChannelPhysics.of(c -> c.unitBase * (1 + 0.2 * c.d * c.d)
            * (1 + 0.0015 * (DriveChannels.inlet(c.amb) + 30 * c.th - 40)) + c.noise().gaussian(0, 0.003))
            .scatter(lives -> lives.uniform(1.70, 1.90)).shows(new ModeLink.Own(MODE));

    /** Junction temperature, degC: cabinet air, heatsink (hotter as the fan wears) and the chip's own losses. */
    static final ChannelPhysics JUNCTION = ChannelPhysics.of(c -> DriveChannels.inlet(c.amb)
            + (6 + 34 * c.th) * (1 + 0.9 * c.twin.fanWear()) + 5 + 45 * c.abs * (1 + 0.1 * c.d)
            + c.noise().gaussian(0, 0.8)).shows(new ModeLink.JoinsTwin(MODE));

    private BondWireLiftOff() {
        super("bond-wire-lift-off", 3.0, 4_000_000, Records.Action.REPLACEMENT, 12, "IGBT module replaced", false);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return 0;
    }

    @Override
    double increment(ModeState m, TwinSim twin, double dtHours, double amb) {
        double mean = twin.duty.compMean[m.component];
        double dTj = twin.host != null && twin.host.kind == TwinSim.Kind.TRUCK ? 20 + 90 * mean : 12 + 45 * mean;
        double tMean = DriveChannels.inlet(amb) + 20 + 30 * mean + 273.15;
        double perCycle = Math.pow(dTj / 40, 5) * Math.exp(0.6 / BOLTZMANN_EV * (1 / 353.15 - 1 / tMean));
        return twin.duty.cyclesInStep * perCycle / m.life;
    }
}
