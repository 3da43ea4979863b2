package io.minetwin.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.engine.config.EngineConfig;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Fleet;
import io.minetwin.model.History;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Limits;
import io.minetwin.model.OutcomeKind;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import io.minetwin.store.Store;
import io.minetwin.store.StoreException;
import io.minetwin.store.StoreOptions;
import io.minetwin.store.TwinSnapshots;
import io.minetwin.testkit.ForwardingHistory;
import io.minetwin.testkit.TwinFixtures.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwinServiceTest {

    static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    static final TwinId TRUCK = TwinId.parse("baiyun:truck-01");
    static final SeriesKey COOLANT = new SeriesKey(TRUCK, "engine", "coolant-temp");
    static final SeriesKey STATE = new SeriesKey(TRUCK, "machine", "state");

    static final AssetType TRUCK_TYPE = new AssetType("haul-truck", "", List.of(
            new ComponentType("engine", "", List.of(ChannelSpec.number("coolant-temp", "degC")
                    .withPhysical(-50, 150).withNormal(80, 95).withLimits(Limits.high(102, 107)))),
            new ComponentType("machine", "", List.of(ChannelSpec.state("state", List.of("running", "idle"))))));

    static final TwinDefinition TRUCK_01 = new TwinDefinition(TRUCK, TRUCK_TYPE, new TwinAttributes("DE-290",
            "Baiyun iron mine", "HT-290-2037", Optional.of(LocalDate.of(2017, 6, 8)), Map.of("engine", "Cummins"),
            Optional.empty()));

    static final Fleet FLEET = new Fleet("baiyun", "Baiyun iron mine", Map.of("haul-truck", TRUCK_TYPE),
            Map.of(TRUCK, TRUCK_01));

    final ManualClock clock = new ManualClock(T0.plusSeconds(1));
    final Store store = Store.inMemory(StoreOptions.defaults().withClock(clock));
    final SwitchableHistory history = new SwitchableHistory(store.history());
    final TwinService service = service(store.snapshots());

    TwinService service(TwinSnapshots snapshots) {
        var s = new TwinService(new InMemoryTwinRepository(clock, Duration.ofMinutes(5)), history, snapshots, clock,
                Duration.ofMinutes(1));
        s.register(FLEET);
        return s;
    }

    @AfterEach
    void closeStore() {
        service.close();
        store.close();
    }

    /** History that can be told to fail, as a full disk would. */
    static final class SwitchableHistory extends ForwardingHistory {
        volatile boolean failing;

        SwitchableHistory(History delegate) {
            super(delegate);
        }

        @Override
        public void append(List<Point> batch) {
            if (failing) {
                throw new StoreException("history append failed: no space left on device");
            }
            delegate.append(batch);
        }
    }

    @Test
    void goodAndBadSamplesReachHistoryWithTheirQualityAndRejectedOnesDoNot() {
        var results = service.apply(List.of(
                Sample.good(COOLANT, T0, 91.5),
                Sample.good(COOLANT, T0.plusSeconds(1), Double.NaN),
                Sample.good(COOLANT, T0.plusSeconds(2), 5000),
                Sample.good(new SeriesKey(TwinId.parse("baiyun:truck-99"), "engine", "coolant-temp"), T0, 90),
                Sample.good(COOLANT, T0.plus(Duration.ofHours(1)), 90)));
        assertEquals(List.of(OutcomeKind.APPLIED, OutcomeKind.NOT_FINITE, OutcomeKind.OUT_OF_PHYSICAL_RANGE,
                OutcomeKind.UNKNOWN_TWIN, OutcomeKind.FAR_FUTURE), results.stream().map(r -> r.kind()).toList());

        SeriesData stored = store.history().read(COOLANT, T0.toEpochMilli(), T0.plusSeconds(10).toEpochMilli());
        assertEquals(3, stored.size());
        assertEquals(91.5, stored.value(0));
        assertEquals(QualityLevel.GOOD, stored.quality(0));
        assertTrue(Double.isNaN(stored.value(1)));
        assertEquals(QualityLevel.BAD, stored.quality(1));
        assertEquals(5000, stored.value(2));
        assertEquals(QualityLevel.BAD, stored.quality(2));

        var status = service.status();
        assertEquals(1, status.batches());
        assertEquals(3, status.historyPoints());
        assertEquals(5, status.samples());
        assertEquals(1L, status.outcomes().get(OutcomeKind.FAR_FUTURE));
        assertEquals(0L, status.outcomes().get(OutcomeKind.OUT_OF_ORDER));
    }

    @Test
    void failedHistoryAppendAppliesNothingSoTheBatchCanBeRetried() {
        List<Sample> batch = List.of(Sample.good(COOLANT, T0, 91.5));
        history.failing = true;
        assertThrows(StoreException.class, () -> service.apply(batch));
        assertTrue(service.repository().twin(TRUCK).orElseThrow().channel(COOLANT).isEmpty());
        assertEquals(1, service.status().failedBatches());
        assertEquals(0, service.status().samples());

        history.failing = false;
        assertEquals(OutcomeKind.APPLIED, service.apply(batch).get(0).kind());
        assertEquals(1, store.history().read(COOLANT, 0, Long.MAX_VALUE).size());
    }

    @Test
    void changedTwinsAreSnapshottedOnceTheIntervalHasPassed() {
        service.apply(List.of(Sample.good(COOLANT, T0, 91.5)));
        assertTrue(store.snapshots().get(TRUCK).isEmpty());
        assertEquals(1, service.status().pendingSnapshots());

        clock.advance(Duration.ofMinutes(1));
        service.apply(List.of(Sample.good(COOLANT, T0.plusSeconds(30), 92)));
        assertTrue(store.snapshots().get(TRUCK).isPresent());
        assertEquals(0, service.status().pendingSnapshots());
        assertEquals(Optional.of(clock.instant()), service.status().lastSnapshot());
    }

    @Test
    void closeWritesPendingSnapshotsAndRefusesLaterBatches() {
        service.apply(List.of(Sample.good(COOLANT, T0, 91.5)));
        service.close();
        assertTrue(store.snapshots().get(TRUCK).isPresent());
        assertThrows(IllegalStateException.class, () -> service.apply(List.of(Sample.good(COOLANT, T0, 1))));
    }

    @Test
    void recoverBringsTwinsBackAsTheyWere() {
        service.apply(List.of(Sample.good(COOLANT, T0, 91.5), Sample.good(STATE, T0, Value.of("running"))));
        service.apply(List.of(Sample.bad(COOLANT, T0.plusSeconds(1), "Bad_CommunicationError")));
        service.close();
        var before = service.repository().twin(TRUCK).orElseThrow();

        var restarted = service(store.snapshots());
        var report = restarted.recover();
        assertEquals(new TwinService.RecoveryReport(1, 2, List.of()), report);
        assertEquals(before, restarted.repository().twin(TRUCK).orElseThrow());
        assertEquals(91.5, ((Value.Num) restarted.repository().twin(TRUCK).orElseThrow().channel(COOLANT).orElseThrow()
                .lastGood().orElseThrow().value()).value());
        assertEquals(0, restarted.status().pendingSnapshots());
    }

    @Test
    void unreadableAndOrphanedSnapshotsAreReportedNotFatal() {
        store.snapshots().put(TRUCK, "{not json".getBytes(StandardCharsets.UTF_8));
        store.snapshots().put(TwinId.parse("baiyun:truck-99"), "{}".getBytes(StandardCharsets.UTF_8));
        var report = service.recover();
        assertEquals(0, report.twins());
        assertEquals(2, report.notes().size());
        assertTrue(report.notes().get(0).startsWith("baiyun:truck-01: snapshot cannot be read"), report.notes().get(0));
        assertTrue(report.notes().get(1).contains("not in the fleet"), report.notes().get(1));
    }

    @Test
    void removedTwinLosesItsSnapshot() {
        service.apply(List.of(Sample.good(COOLANT, T0, 91.5)));
        service.snapshotNow();
        assertTrue(store.snapshots().get(TRUCK).isPresent());
        service.repository().remove(TRUCK);
        assertEquals(1, service.snapshotNow());
        assertFalse(store.snapshots().get(TRUCK).isPresent());
    }

    @Test
    void snapshotFormatIsTheDittoThing() {
        service.apply(List.of(Sample.good(COOLANT, T0, 103.5), Sample.good(STATE, T0, Value.of("running"))));
        service.apply(List.of(Sample.bad(COOLANT, T0.plusSeconds(1), "Bad_SensorFailure")));
        String json = new String(service.encode(service.repository().twin(TRUCK).orElseThrow()), StandardCharsets.UTF_8);
        // Golden: a change here changes the stored snapshot format, which must stay readable.
        assertEquals("{\"thingId\":\"baiyun:truck-01\",\"attributes\":{\"assetType\":\"haul-truck\",\"model\":\"DE-290\","
                + "\"site\":\"Baiyun iron mine\",\"serial\":\"HT-290-2037\",\"commissioned\":\"2017-06-08\","
                + "\"suppliers\":{\"engine\":\"Cummins\"}},\"features\":{\"engine\":{\"properties\":{\"coolant-temp\":"
                + "{\"value\":null,\"unit\":\"degC\",\"sourceTime\":\"2026-01-05T08:00:01Z\","
                + "\"receiveTime\":\"2026-01-05T08:00:01Z\",\"quality\":{\"level\":\"bad\",\"reason\":\"Bad_SensorFailure\"},"
                + "\"lastGood\":{\"value\":103.5,\"sourceTime\":\"2026-01-05T08:00:00Z\","
                + "\"receiveTime\":\"2026-01-05T08:00:01Z\"}}}},\"machine\":{\"properties\":{\"state\":{\"value\":\"running\","
                + "\"sourceTime\":\"2026-01-05T08:00:00Z\",\"receiveTime\":\"2026-01-05T08:00:01Z\",\"quality\":\"good\"}}}}}",
                json);
    }

    @Test
    void startWiresTheShippedConfigurationAndRecovers() {
        EngineConfig config = EngineConfig.load(Path.of("..", "config", "minetwin.yaml"));
        Fleet fleet = config.loadFleet();
        try (Store s = Store.inMemory(StoreOptions.defaults().withClock(clock))) {
            TwinService first = TwinService.start(config, fleet, s, clock);
            assertEquals(72, first.status().twins());
            var heatsink = new SeriesKey(TwinId.parse("baiyun:truck-13-left-inverter"), "igbt", "heatsink-temp");
            assertEquals(OutcomeKind.APPLIED, first.apply(List.of(Sample.good(heatsink, T0, 71))).get(0).kind());
            first.close();

            TwinService second = TwinService.start(config, fleet, s, clock);
            assertEquals(Optional.of(Value.of(71.0)), second.repository().twin(heatsink.twin()).orElseThrow()
                    .channel(heatsink).map(c -> c.latest().value()));
            assertArrayEquals(s.snapshots().get(heatsink.twin()).orElseThrow(),
                    second.encode(second.repository().twin(heatsink.twin()).orElseThrow()));
            second.close();
        }
    }
}
