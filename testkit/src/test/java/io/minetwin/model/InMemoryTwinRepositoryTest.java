package io.minetwin.model;

import io.minetwin.testkit.TwinFixtures;

import static io.minetwin.testkit.TwinFixtures.BRAKE_SET;
import static io.minetwin.testkit.TwinFixtures.CYCLES;
import static io.minetwin.testkit.TwinFixtures.MACHINE_STATE;
import static io.minetwin.testkit.TwinFixtures.SHOVEL;
import static io.minetwin.testkit.TwinFixtures.T0;
import static io.minetwin.testkit.TwinFixtures.VIBRATION;
import static io.minetwin.testkit.TwinFixtures.WINDING_TEMP;
import static io.minetwin.testkit.TwinFixtures.good;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryTwinRepositoryTest {

    private final TwinFixtures.ManualClock clock = new TwinFixtures.ManualClock(T0.plusSeconds(1));
    private final InMemoryTwinRepository repo = TwinFixtures.repository(clock);

    private ApplyResult applyOne(Sample s) {
        return repo.apply(List.of(s)).get(0);
    }

    private ChannelState state(SeriesKey k) {
        return repo.twin(k.twin()).orElseThrow().channel(k).orElseThrow();
    }

    @Test
    void goodSampleBecomesLatestAndLastGoodWithReceiveTimeFromTheClock() {
        var r = assertInstanceOf(ApplyResult.Applied.class, applyOne(good(WINDING_TEMP, T0, 96.5)));
        ChannelState s = state(WINDING_TEMP);
        assertEquals(Value.of(96.5), s.latest().value());
        assertEquals(T0.plusSeconds(1), s.latest().receiveTime());
        assertEquals(Optional.of(s.latest()), s.lastGood());
        assertEquals(new Point(WINDING_TEMP, T0.toEpochMilli(), 96.5, QualityLevel.GOOD), r.point());
        assertEquals(Optional.empty(), r.change().before());
        assertEquals(LimitState.NORMAL, r.change().limitAfter());
    }

    @Test
    void badStatusSampleNeverReplacesTheLastGoodValue() {
        applyOne(good(WINDING_TEMP, T0, 96.5));
        var r = applyOne(Sample.bad(WINDING_TEMP, T0.plusMillis(500), "Bad_SensorFailure"));
        assertEquals(OutcomeKind.APPLIED, r.kind());
        ChannelState s = state(WINDING_TEMP);
        assertEquals(QualityLevel.BAD, s.latest().quality().level());
        assertEquals(Value.of(96.5), s.lastGood().orElseThrow().value());
        assertEquals(QualityLevel.BAD, r.historyPoint().orElseThrow().quality());
        assertTrue(Double.isNaN(r.historyPoint().orElseThrow().value()));
        assertEquals(LimitState.NOT_APPLICABLE, repo.twin(SHOVEL).orElseThrow().limitState("hoist-motor", "winding-temp"));
    }

    @Test
    void uncertainSampleIsLatestButNotLastGood() {
        applyOne(good(WINDING_TEMP, T0, 96.5));
        applyOne(new Sample(WINDING_TEMP, T0.plusMillis(1), Value.of(97), Quality.uncertain("substituted")));
        assertEquals(Value.of(96.5), state(WINDING_TEMP).lastGood().orElseThrow().value());
        assertEquals(Value.of(97.0), state(WINDING_TEMP).latest().value());
    }

    @Test
    void nanClaimingGoodQualityIsKeptAsBadWithTheReasonAndABadHistoryPoint() {
        applyOne(good(WINDING_TEMP, T0, 96.5));
        var r = assertInstanceOf(ApplyResult.NotFinite.class, applyOne(good(WINDING_TEMP, T0.plusMillis(1), Double.NaN)));
        var latest = state(WINDING_TEMP).latest();
        assertEquals(Quality.bad("not a finite number: NaN"), latest.quality());
        assertEquals(Value.of(96.5), state(WINDING_TEMP).lastGood().orElseThrow().value());
        assertEquals(QualityLevel.BAD, r.point().quality());
        assertTrue(Double.isNaN(r.point().value()));
    }

    @Test
    void infinityIsNotFiniteEither() {
        assertEquals(OutcomeKind.NOT_FINITE, applyOne(good(VIBRATION, T0, Double.POSITIVE_INFINITY)).kind());
    }

    @Test
    void impossibleReadingIsKeptAsBadNamingThePhysicalRange() {
        var r = assertInstanceOf(ApplyResult.OutOfPhysicalRange.class, applyOne(good(WINDING_TEMP, T0, 5000)));
        assertEquals(Quality.bad("5000 degC is outside the physical range [-50, 300]"), state(WINDING_TEMP).latest().quality());
        assertEquals(Optional.empty(), state(WINDING_TEMP).lastGood());
        assertEquals(new Point(WINDING_TEMP, T0.toEpochMilli(), 5000, QualityLevel.BAD), r.point());
    }

    @Test
    void sampleAlreadyBadIsNotCheckedAgainstValueRules() {
        var r = applyOne(new Sample(WINDING_TEMP, T0, Value.of(5000), Quality.bad("Bad_OutOfRange")));
        assertEquals(OutcomeKind.APPLIED, r.kind());
        assertEquals(Quality.bad("Bad_OutOfRange"), state(WINDING_TEMP).latest().quality());
    }

    @Test
    void unknownStateIsKeptAsBadListingTheAllowedStates() {
        var r = assertInstanceOf(ApplyResult.NotAllowedState.class, applyOne(Sample.good(MACHINE_STATE, T0, Value.of("exploded"))));
        assertEquals(List.of("running", "idle", "down", "maintenance"), r.allowed());
        assertTrue(Double.isNaN(r.point().value()));
        assertEquals(QualityLevel.BAD, state(MACHINE_STATE).latest().quality().level());
    }

    @Test
    void stateAndBooleanAndIntegerSamplesApplyWithEncodedHistory() {
        var results = repo.apply(List.of(Sample.good(MACHINE_STATE, T0, Value.of("idle")),
                Sample.good(BRAKE_SET, T0, Value.of(true)), good(CYCLES, T0, 1200)));
        assertEquals(List.of(1.0, 1.0, 1200.0),
                results.stream().map(r -> r.historyPoint().orElseThrow().value()).toList());
    }

    @Test
    void unknownTwinLeavesNoTraceAndNamesTheTwin() {
        var s = good(new SeriesKey(TwinId.parse("baiyun:truck-99"), "engine", "coolant-temp"), T0, 90);
        var r = assertInstanceOf(ApplyResult.UnknownTwin.class, applyOne(s));
        assertEquals(Optional.empty(), r.historyPoint());
        assertTrue(r.describe().contains("no twin baiyun:truck-99 is registered"), r.describe());
    }

    @Test
    void unknownComponentListsTheKnownComponents() {
        var r = assertInstanceOf(ApplyResult.UnknownChannel.class,
                applyOne(good(new SeriesKey(SHOVEL, "swing-motor", "winding-temp"), T0, 90)));
        assertTrue(r.unknownComponent());
        assertEquals(List.of("hoist-motor", "hoist-brake", "machine"), r.known());
    }

    @Test
    void unknownChannelListsTheComponentsChannels() {
        var r = assertInstanceOf(ApplyResult.UnknownChannel.class,
                applyOne(good(new SeriesKey(SHOVEL, "hoist-motor", "winding-tmp"), T0, 90)));
        assertFalse(r.unknownComponent());
        assertEquals(List.of("winding-temp", "de-bearing-vibration", "current"), r.known());
        assertTrue(r.describe().endsWith("known channels: winding-temp, de-bearing-vibration, current"), r.describe());
    }

    @Test
    void wrongTypeNamesExpectedAndGot() {
        var r = assertInstanceOf(ApplyResult.WrongType.class, applyOne(Sample.good(WINDING_TEMP, T0, Value.of(true))));
        assertEquals(ValueType.NUMBER, r.expected());
        assertEquals("boolean true", r.got());
        assertEquals(OutcomeKind.WRONG_TYPE, applyOne(good(CYCLES, T0, 2.5)).kind());
        assertTrue(repo.twin(SHOVEL).orElseThrow().channels().isEmpty());
    }

    @Test
    void olderSampleStaysOutOfLiveStateButKeepsItsHistoryPoint() {
        applyOne(good(WINDING_TEMP, T0, 96.5));
        var r = assertInstanceOf(ApplyResult.OutOfOrder.class, applyOne(good(WINDING_TEMP, T0.minusSeconds(10), 90)));
        assertEquals(T0, r.latestSourceTime());
        assertEquals(Optional.of(new Point(WINDING_TEMP, T0.minusSeconds(10).toEpochMilli(), 90, QualityLevel.GOOD)),
                r.historyPoint());
        assertEquals(Value.of(96.5), state(WINDING_TEMP).latest().value());
    }

    @Test
    void olderImpossibleSampleIsHistoryAsBad() {
        applyOne(good(WINDING_TEMP, T0, 96.5));
        var r = applyOne(good(WINDING_TEMP, T0.minusSeconds(10), 5000));
        assertEquals(OutcomeKind.OUT_OF_ORDER, r.kind());
        assertEquals(QualityLevel.BAD, r.historyPoint().orElseThrow().quality());
    }

    @Test
    void repeatedSourceTimeIsNeitherLiveNorHistory() {
        applyOne(good(WINDING_TEMP, T0, 96.5));
        var r = applyOne(good(WINDING_TEMP, T0, 99));
        assertEquals(OutcomeKind.OUT_OF_ORDER, r.kind());
        assertEquals(Optional.empty(), r.historyPoint());
        assertEquals(Value.of(96.5), state(WINDING_TEMP).latest().value());
    }

    @Test
    void sourceTimeBeyondTheToleranceAheadOfTheClockIsFarFuture() {
        Instant now = clock.instant();
        assertEquals(OutcomeKind.APPLIED, applyOne(good(WINDING_TEMP, now.plus(Duration.ofMinutes(5)), 90)).kind());
        var r = assertInstanceOf(ApplyResult.FarFuture.class,
                applyOne(good(WINDING_TEMP, now.plus(Duration.ofMinutes(5)).plusMillis(1), 91)));
        assertEquals(Optional.empty(), r.historyPoint());
        assertEquals(Duration.ofMinutes(5), r.tolerance());
    }

    @Test
    void sourceTimeBefore1970IsTooOld() {
        var r = applyOne(good(WINDING_TEMP, Instant.parse("1601-01-01T00:00:00Z"), 90));
        assertEquals(OutcomeKind.TOO_OLD, r.kind());
        assertEquals(Optional.empty(), r.historyPoint());
    }

    @Test
    void crossingALimitIsReportedInTheUpdate() {
        applyOne(good(VIBRATION, T0, 2.0));
        var r = applyOne(good(VIBRATION, T0.plusSeconds(1), 7.5));
        var u = r.update().orElseThrow();
        assertEquals(LimitState.NORMAL, u.limitBefore());
        assertEquals(LimitState.HIGH_ALARM, u.limitAfter());
        assertTrue(u.limitChanged());
    }

    @Test
    void failingHistorySinkLeavesLiveStateAsItWasSoTheBatchCanBeRetried() {
        applyOne(good(WINDING_TEMP, T0, 96.5));
        List<Sample> batch = List.of(good(WINDING_TEMP, T0.plusSeconds(1), 97), good(VIBRATION, T0.plusSeconds(1), 2));
        assertThrows(IllegalStateException.class, () -> repo.apply(batch, points -> {
            throw new IllegalStateException("disk full");
        }));
        assertEquals(Value.of(96.5), state(WINDING_TEMP).latest().value());
        assertTrue(repo.twin(SHOVEL).orElseThrow().channel(VIBRATION).isEmpty());

        var written = new ArrayList<Point>();
        var results = repo.apply(batch, written::addAll);
        assertEquals(List.of(OutcomeKind.APPLIED, OutcomeKind.APPLIED), results.stream().map(ApplyResult::kind).toList());
        assertEquals(2, written.size());
    }

    @Test
    void sinkIsCalledOnceWithEveryPointOfTheBatchInOrder() {
        var calls = new ArrayList<List<Point>>();
        repo.apply(List.of(good(WINDING_TEMP, T0, 1), good(WINDING_TEMP, T0, 2), good(VIBRATION, T0, 3),
                good(WINDING_TEMP, T0.minusSeconds(1), 4)), calls::add);
        assertEquals(1, calls.size());
        assertEquals(List.of(1.0, 3.0, 4.0), calls.get(0).stream().map(Point::value).toList());
    }

    @Test
    void listenersSeeOneUpdateEventPerTwinAndBatch() {
        var events = new ArrayList<TwinChange>();
        repo.addListener(events::add);
        repo.apply(List.of(good(WINDING_TEMP, T0, 1), good(VIBRATION, T0, 2),
                good(TwinFixtures.HEATSINK_TEMP, T0, 50)));
        assertEquals(2, events.size());
        var shovel = assertInstanceOf(TwinChange.Updated.class, events.get(0));
        assertEquals(SHOVEL, shovel.twin());
        assertEquals(2, shovel.updates().size());
    }

    @Test
    void failingListenerDoesNotStopTheOthersOrTheChange() {
        var seen = new ArrayList<TwinChange>();
        repo.addListener(c -> {
            throw new IllegalStateException("dashboard down");
        });
        repo.addListener(seen::add);
        assertEquals(OutcomeKind.APPLIED, applyOne(good(WINDING_TEMP, T0, 1)).kind());
        assertEquals(1, seen.size());
    }

    @Test
    void reregisteringKeepsStateOfChannelsTheNewTypeStillHas() {
        applyOne(good(WINDING_TEMP, T0, 96.5));
        applyOne(good(TwinFixtures.CYCLES, T0, 5));
        var fewer = new AssetType("electric-shovel", "", List.of(TwinFixtures.shovelType().component("hoist-motor").orElseThrow()));
        repo.register(new TwinDefinition(SHOVEL, fewer, TwinAttributes.NONE));
        Twin t = repo.twin(SHOVEL).orElseThrow();
        assertTrue(t.channel(WINDING_TEMP).isPresent());
        assertTrue(t.channels().get("machine") == null);
    }

    @Test
    void restoreKeepsTheRegisteredDefinitionAndReportsSkippedChannels() {
        applyOne(good(WINDING_TEMP, T0, 96.5));
        Twin snapshot = repo.twin(SHOVEL).orElseThrow();
        var fresh = TwinFixtures.repository(clock);
        var fewer = new AssetType("electric-shovel", "", List.of(TwinFixtures.shovelType().component("machine").orElseThrow()));
        fresh.register(new TwinDefinition(SHOVEL, fewer, TwinAttributes.NONE));
        RestoreReport report = fresh.restore(snapshot);
        assertEquals(new RestoreReport(SHOVEL, true, 0, List.of("hoist-motor.winding-temp")), report);

        var same = TwinFixtures.repository(clock);
        assertEquals(1, same.restore(snapshot).restored());
        assertEquals(snapshot.channels(), same.twin(SHOVEL).orElseThrow().channels());

        var empty = new InMemoryTwinRepository(clock, Duration.ZERO);
        assertFalse(empty.restore(snapshot).known());
    }

    @Test
    void removedTwinIsUnknown() {
        assertTrue(repo.remove(SHOVEL));
        assertFalse(repo.remove(SHOVEL));
        assertEquals(OutcomeKind.UNKNOWN_TWIN, applyOne(good(WINDING_TEMP, T0, 1)).kind());
    }

    @Test
    void readersGetImmutableSnapshots() {
        applyOne(good(WINDING_TEMP, T0, 1));
        Twin before = repo.twin(SHOVEL).orElseThrow();
        applyOne(good(WINDING_TEMP, T0.plusSeconds(1), 2));
        assertEquals(Value.of(1.0), before.channel(WINDING_TEMP).orElseThrow().latest().value());
        assertThrows(UnsupportedOperationException.class, () -> before.channels().clear());
    }

    @Test
    void concurrentBatchesOnOneChannelLoseNothingAndKeepTheNewest() throws Exception {
        int threads = 4;
        int batches = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var start = new CountDownLatch(1);
        var points = new java.util.concurrent.atomic.AtomicInteger();
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < batches; i++) {
                        Instant time = T0.plusMillis((long) i * threads + offset);
                        repo.apply(List.of(good(WINDING_TEMP, time, 90), good(VIBRATION, time, 1)),
                                p -> points.addAndGet(p.size()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(T0.plusMillis((long) batches * threads - 1), state(WINDING_TEMP).latest().sourceTime());
        // Every sample is either applied or older than the latest; older ones are history too.
        assertEquals(2 * threads * batches, points.get());
    }

    @Test
    void negativeToleranceIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new InMemoryTwinRepository(clock, Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("negative"));
    }

    @Test
    void healthUpdatesReachListenersWithTheirPredecessorAndSurviveApplyAndReregistration() {
        var changes = new ArrayList<TwinChange>();
        repo.addListener(changes::add);
        var first = TwinFixtures.health(T0, 90, AlertLevel.OK);
        var second = TwinFixtures.health(T0.plusSeconds(60), 40, AlertLevel.WARNING);
        assertTrue(repo.updateHealth(SHOVEL, "hoist-motor", first));
        assertTrue(repo.updateHealth(SHOVEL, "hoist-motor", second));
        var last = assertInstanceOf(TwinChange.HealthUpdated.class, changes.get(1));
        assertEquals(Optional.of(first), last.before());
        assertEquals(second, last.after());
        assertTrue(last.alertChanged());

        applyOne(good(WINDING_TEMP, T0, 80));
        repo.register(TwinFixtures.shovel());
        assertEquals(Optional.of(second), repo.twin(SHOVEL).orElseThrow().health("hoist-motor"));
    }

    @Test
    void healthForAnUnknownTwinOrComponentIsRefused() {
        var h = TwinFixtures.health(T0, 90, AlertLevel.OK);
        assertFalse(repo.updateHealth(TwinId.parse("baiyun:nobody"), "hoist-motor", h));
        var e = assertThrows(IllegalArgumentException.class, () -> repo.updateHealth(SHOVEL, "tail-rotor", h));
        assertTrue(e.getMessage().contains("tail-rotor"), e.getMessage());
    }
}
