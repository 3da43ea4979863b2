package io.minetwin.engine.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreSourcesTest {

    private static final TwinId TWIN = TwinId.parse("baiyun:shovel-07");
    private static final SeriesKey TEMP = new SeriesKey(TWIN, "hoist-motor", "winding-temp");

    @Test
    void goodSamplesOfTheStoreHistoryAreOnlyTheGoodFiniteOnesOfTheRange() {
        try (Store store = Store.inMemory(StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
            store.history().append(List.of(
                    Point.good(TEMP, 1_000, 90),
                    new Point(TEMP, 2_000, 91, QualityLevel.UNCERTAIN),
                    new Point(TEMP, 3_000, Double.NaN, QualityLevel.BAD),
                    Point.good(TEMP, 4_000, 93),
                    Point.good(TEMP, 5_000, 94),
                    Point.good(new SeriesKey(TwinId.parse("baiyun:truck-01"), "engine", "coolant-temp"), 1_000, 85)));
            var source = store.history();
            SeriesData s = source.read(TEMP, 0, 5_000).good();
            assertEquals(2, s.size());
            assertArrayEquals(new long[] {1_000, 4_000}, java.util.Arrays.copyOf(s.times(), s.size()));
            assertArrayEquals(new double[] {90, 93}, java.util.Arrays.copyOf(s.values(), s.size()));
            assertEquals(Set.of(TEMP), source.series(TWIN));
        }
    }

    @Test
    void labelSourceHandsOutMaintenanceAndFailuresOnly() {
        try (Store store = Store.inMemory(StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
            Instant t = Instant.parse("2026-03-01T00:00:00Z");
            Event failure = new Event(t, TWIN, "hoist-motor", EventKind.FAILURE, Map.of("mode", "bearing"));
            Event repair = new Event(t.plusSeconds(3600), TWIN, "hoist-motor", EventKind.MAINTENANCE,
                    Map.of("action", "failure-repair"));
            store.events().append(List.of(failure, repair,
                    new Event(t.plusSeconds(60), TWIN, null, EventKind.ALERT, Map.of("level", "warning"))));
            var labels = new StoreLabelSource(store.events());
            assertEquals(List.of(failure, repair), labels.events(TWIN, t, t.plusSeconds(7200)));
        }
    }
}
