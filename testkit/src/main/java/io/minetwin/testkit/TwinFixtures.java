package io.minetwin.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.minetwin.model.AlertLevel;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Fleet;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Limits;
import io.minetwin.model.ParentLink;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;

/** Small asset types, twins and a manual clock for tests of the twin model and of its users. */
public final class TwinFixtures {

    private TwinFixtures() {
    }

    /** A Monday morning at the mine. */
    public static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    public static final TwinId SHOVEL = TwinId.parse("baiyun:shovel-01");
    public static final TwinId HOIST_INVERTER = TwinId.parse("baiyun:shovel-01-hoist-inverter");

    public static final SeriesKey WINDING_TEMP = new SeriesKey(SHOVEL, "hoist-motor", "winding-temp");
    public static final SeriesKey VIBRATION = new SeriesKey(SHOVEL, "hoist-motor", "de-bearing-vibration");
    public static final SeriesKey MACHINE_STATE = new SeriesKey(SHOVEL, "machine", "state");
    public static final SeriesKey CYCLES = new SeriesKey(SHOVEL, "machine", "cycles");
    public static final SeriesKey BRAKE_SET = new SeriesKey(SHOVEL, "hoist-brake", "set");
    public static final SeriesKey HEATSINK_TEMP = new SeriesKey(HOIST_INVERTER, "igbt", "heatsink-temp");

    /** A clock that moves only when told to. */
    public static final class ManualClock extends Clock {
        private volatile Instant now;

        public ManualClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a manual clock stays in UTC");
        }
    }

    /** An electric shovel cut down to one of each kind of channel. */
    public static AssetType shovelType() {
        return new AssetType("electric-shovel", "Electric rope shovel (test subset)", List.of(
                new ComponentType("hoist-motor", "Hoist motor", List.of(
                        ChannelSpec.number("winding-temp", "degC").withPhysical(-50, 300).withNormal(80, 120)
                                .withLimits(Limits.high(140, 155)),
                        ChannelSpec.number("de-bearing-vibration", "mm/s").withPhysical(0, 100).withNormal(0, 2.3)
                                .withLimits(Limits.high(4.5, 7.1)),
                        ChannelSpec.number("current", "A").withPhysical(-5000, 5000))),
                new ComponentType("hoist-brake", "", List.of(
                        new ChannelSpec("set", "", ValueType.BOOLEAN, null, null, null, List.of(), "brake applied"))),
                new ComponentType("machine", "", List.of(
                        ChannelSpec.state("state", List.of("running", "idle", "down", "maintenance")),
                        ChannelSpec.number("cycles", "").withType(ValueType.INTEGER).withPhysical(0, 1e12)))));
    }

    public static AssetType inverterType() {
        return new AssetType("drive-inverter", "IGBT drive inverter (test subset)", List.of(
                new ComponentType("igbt", "", List.of(
                        ChannelSpec.number("heatsink-temp", "degC").withPhysical(-50, 250).withNormal(40, 90)
                                .withLimits(Limits.NONE.withHighAlarm(100))))));
    }

    public static TwinDefinition shovel() {
        return new TwinDefinition(SHOVEL, shovelType(), new TwinAttributes("4100XPC", "Baiyun iron mine",
                "ES-4100-0117", Optional.of(LocalDate.of(2019, 6, 14)), Map.of("hoist-motor", "Siemens"),
                Optional.empty()));
    }

    public static TwinDefinition hoistInverter() {
        return new TwinDefinition(HOIST_INVERTER, inverterType(), new TwinAttributes("ACS6080", "Baiyun iron mine",
                "INV-22-0311", Optional.of(LocalDate.of(2022, 3, 1)), Map.of("igbt", "Zhuzhou CRRC"),
                Optional.of(new ParentLink(SHOVEL, "hoist-motor", "hoist"))));
    }

    public static Fleet fleet() {
        var shovel = shovel();
        var inverter = hoistInverter();
        return new Fleet("baiyun", "Baiyun iron mine",
                Map.of("electric-shovel", shovel.type(), "drive-inverter", inverter.type()),
                Map.of(shovel.id(), shovel, inverter.id(), inverter));
    }

    /** A repository holding the shovel and its hoist inverter, 5 minutes' far-future tolerance. */
    public static InMemoryTwinRepository repository(Clock clock) {
        var repo = new InMemoryTwinRepository(clock, Duration.ofMinutes(5));
        repo.register(shovel());
        repo.register(hoistInverter());
        return repo;
    }

    public static Sample good(SeriesKey series, Instant time, double value) {
        return Sample.good(series, time, value);
    }

    /** A forecast for a component, with every optional part filled. */
    public static ComponentHealth health(Instant time, double score, AlertLevel level) {
        var p = new java.util.LinkedHashMap<String, Double>();
        p.put("72h", 0.05);
        p.put("7d", 0.25);
        return new ComponentHealth(time, score, p, java.util.Optional.of(new ComponentHealth.Rul(400, 250, 610)), level,
                List.of(new ComponentHealth.Signal("hoist-motor.de-bearing-vibration.slope.24h",
                        "hoist-motor de-bearing-vibration: slope over 24 h", 0.4)), "electric-shovel/hoist-motor@1");
    }
}
