package io.minetwin.analytics.rul;

import io.minetwin.analytics.MemorySources;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Stat;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small run-to-failure fleets for tests: a vibration that grows towards each failure, and noise. */
public final class SyntheticLives {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    public static final Duration STEP = Duration.ofHours(1);

    private SyntheticLives() {
    }

    /** {@code twins} twins with one failure each after 80-160 steps, then 40 steps of a new life. */
    public static MemorySources fleet(int twins, long seed) {
        Random r = new Random(seed);
        MemorySources m = new MemorySources();
        for (int i = 0; i < twins; i++) {
            TwinId twin = twin(i);
            int life = 80 + r.nextInt(80);
            for (int t = 0; t < life + 40; t++) {
                int age = t < life ? t : t - life;
                int remaining = t < life ? life - 1 - t : 1000;
                double wear = Math.exp(-remaining / 25.0);
                long time = T0.plus(STEP.multipliedBy(t)).toEpochMilli();
                m.add(new SeriesKey(twin, "bearing", "vibration"), time, 2 + 6 * wear + r.nextGaussian() * 0.3);
                m.add(new SeriesKey(twin, "bearing", "temp"), time, 60 + 10 * wear + r.nextGaussian() + age * 0.001);
            }
            Instant failure = T0.plus(STEP.multipliedBy(life - 1));
            m.add(new Event(failure, twin, "bearing", EventKind.FAILURE, Map.of("mode", "wear")));
            m.add(new Event(failure.plusSeconds(1800), twin, "bearing", EventKind.MAINTENANCE,
                    Map.of("action", "replacement")));
        }
        return m;
    }

    public static TwinId twin(int i) {
        return new TwinId("test", "asset-" + i);
    }

    public static List<TwinId> twins(int n) {
        List<TwinId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(twin(i));
        }
        return out;
    }

    public static RulConfig config() {
        return new RulConfig("bearing", STEP, List.of(), 1,
                new FeatureSpec(List.of(5, 15), EnumSet.of(Stat.MEAN, Stat.SLOPE, Stat.EWMA), false), 50,
                new TrainerSettings(60, 0.1, 3, 1, 1.0, 1.0, 1), 11);
    }
}
