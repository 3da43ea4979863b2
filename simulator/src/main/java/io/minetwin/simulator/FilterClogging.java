package io.minetwin.simulator;

/** Filter loading while working: the pressure drop across it rises; a consumable changed in services. */
final class FilterClogging extends FailureMode {

    static final FilterClogging MODE = new FilterClogging();

    /** Filter differential pressure, kPa, while working. */
    static final ChannelPhysics FILTER_DP = ChannelPhysics.of(c -> c.on
            ? 40 + 130 * Math.pow(c.d, 1.2) + c.noise().gaussian(0, 1.5) : 0).shows(new ModeLink.Own(MODE));

    private FilterClogging() {
        super("filter-clogging", 4.0, 2_500, Records.Action.FAILURE_REPAIR, 4, "filter changed after bypass", true);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return twin.duty.working ? 1 : 0;
    }
}
