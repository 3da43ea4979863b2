package io.minetwin.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AssetType;
import io.minetwin.model.Fleet;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A new physics is registered under a channel name, with its own failure mode, without touching the stepping code. */
class PhysicsRegistryTest {

    private static final long STEP = 600_000;
    private static final long DAY = 86_400_000;

    /** Belt stretch of a conveyor: the belt lengthens with running hours; take-up tension falls as it does. */
    static final class BeltStretch extends FailureMode {
        static final BeltStretch MODE = new BeltStretch();
        static final ChannelPhysics TENSION = ChannelPhysics.of(c -> c.on ? 60 - 30 * c.d : 0)
                .shows(new ModeLink.Own(MODE));

        private BeltStretch() {
            super("belt-stretch", 3.0, 2_000, Records.Action.REPLACEMENT, 12, "belt re-spliced", false);
        }

        @Override
        double stress(ModeState m, TwinSim twin, double amb) {
            return twin.duty.working ? 1 : 0;
        }
    }

    private static Fleet conveyorFleet() {
        AssetType type = new AssetType("overland-conveyor", "", List.of(
                TestFleets.component("belt", TestFleets.num("belt-tension", "kN", 0, 200)),
                TestFleets.component("machine", TestFleets.state())));
        TwinId id = TestFleets.id("conveyor-07");
        var attributes = new TwinAttributes("OC-1", "Test pit", "SN-7", Optional.of(LocalDate.of(2022, 1, 1)),
                Map.of(), Optional.empty());
        var twins = new TreeMap<TwinId, TwinDefinition>();
        twins.put(id, new TwinDefinition(id, type, attributes));
        return new Fleet("test", "Test pit", Map.of(type.name(), type), twins);
    }

    @Test
    void aPhysicsRegisteredByChannelNameMakesTheChannelAndWearsItsOwnMode() {
        PhysicsRegistry registry = PhysicsRegistry.builtIn().register("belt-tension", BeltStretch.TENSION);
        Fleet fleet = conveyorFleet();
        TwinId id = TestFleets.id("conveyor-07");
        SimulationSettings settings = SimulationSettings.DEFAULTS.withClimate(Climate.constant(10))
                .withFaultRates(0, 0).withAgeing(20).withPreventiveInterval(1e6);
        var rec = new Recorder();
        var sim = new FleetSimulation(fleet, settings, Map.of(id, TwinSettings.DEFAULTS.withInitialWear(0.2)), 3, rec,
                registry);
        rec.watchAll(sim.series());
        assertEquals(Map.of("belt.belt-tension", "belt-stretch"), sim.precursors(id));
        long start = settings.start().toEpochMilli();
        double before = sim.damage(id, "belt", "belt-stretch");
        for (long t = start; t < start + 30 * DAY; t += STEP) {
            sim.step(t, rec);
        }
        assertEquals(0.2, before, 1e-12);
        Recorder.Series tension = rec.series(new SeriesKey(id, "belt", "belt-tension"));
        double max = 0;
        for (int i = 0; i < tension.size; i++) {
            max = Math.max(max, tension.values[i]);
            double v = tension.values[i];
            assertTrue(v == 0 || v >= 30 && v <= 60, "the registered physics makes the value: " + v);
        }
        assertTrue(max > 40, "the belt ran under tension: " + max);
        assertFalse(rec.failures.isEmpty(), "a belt with a 100-hour life fails within a month of work");
        assertTrue(rec.failures.stream().allMatch(f -> f.mode().equals("belt-stretch")
                        && f.precursor().equals("belt.belt-tension")),
                "wear-out failures come from the registered mode, shown by its channel: " + rec.failures);
    }

    @Test
    void withoutTheRegistrationTheSameChannelIsAPlainLoadFollowingChannelWithoutWear() {
        Fleet fleet = conveyorFleet();
        TwinId id = TestFleets.id("conveyor-07");
        var sim = new FleetSimulation(fleet, SimulationSettings.DEFAULTS, Map.of(), 3, new Recorder());
        assertTrue(sim.precursors(id).isEmpty());
        assertTrue(Double.isNaN(sim.damage(id, "belt", "belt-stretch")));
    }

    @Test
    void theBuiltInCatalogueChoosesByChannelNameAndComponent() {
        PhysicsRegistry r = PhysicsRegistry.builtIn();
        assertSame(CapacitorAgeing.ESR, r.physicsOf("dc-link", TestFleets.num("esr", "mOhm", 0, 100)));
        assertSame(HaulChannels.TYRE_PRESSURE, r.physicsOf("tyre-3", TestFleets.num("pressure", "kPa", 0, 1500)));
        assertSame(GenericChannels.LOAD_FOLLOWING, r.physicsOf("bit-air", TestFleets.num("pressure", "kPa", 0, 900)));
        assertSame(BearingWear.TEMPERATURE,
                r.physicsOf("eccentric-bearing", TestFleets.num("temperature", "degC", -50, 200)));
        assertSame(BearingWear.VIBRATION, r.physicsOf("drive", TestFleets.num("nde-vibration", "mm/s", 0, 50)));
        assertSame(GenericChannels.TEMPERATURE, r.physicsOf("hydraulics", TestFleets.num("oil-temp", "degC", 0, 150)));
        assertFalse(r.knows("belt-tension"));
        assertThrows(IllegalArgumentException.class, () -> r.register(" ", BeltStretch.TENSION));
    }
}
