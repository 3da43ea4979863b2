package io.minetwin.analytics.rul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.MemorySources;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Stat;
import io.minetwin.model.TwinId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSelectionIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Instant TO = SyntheticLives.T0.plusSeconds(3600L * 400);

    private static List<Life> lives(int n, long seed) {
        RulPipeline pipeline = new RulPipeline(SyntheticLives.config());
        MemorySources fleet = SyntheticLives.fleet(n, seed);
        List<Life> out = new ArrayList<>();
        for (TwinId twin : SyntheticLives.twins(n)) {
            out.addAll(pipeline.lives(fleet, fleet, twin, SyntheticLives.T0, TO));
        }
        return out;
    }

    private static List<ModelSelection.Candidate> candidates() {
        TrainerSettings t = SyntheticLives.config().trainer();
        FeatureSpec windows = new FeatureSpec(List.of(5, 15), EnumSet.of(Stat.MEAN, Stat.SLOPE, Stat.EWMA), false);
        // A one-row window of the raw values with stumps: far worse on noisy signals.
        FeatureSpec raw = new FeatureSpec(List.of(1), EnumSet.of(Stat.MEAN), false);
        TrainerSettings stumps = new TrainerSettings(2, 0.1, 1, t.minChildWeight(), 1.0, 1.0, 1);
        return List.of(new ModelSelection.Candidate("windows", windows, t),
                new ModelSelection.Candidate("raw stumps", raw, stumps));
    }

    @Test
    void parallelFitsGiveTheSameChoiceAndFiguresAsOneAtATime() {
        List<Life> lives = lives(18, 31);
        ModelSelection.Outcome one = ModelSelection.select(SyntheticLives.config(), lives, candidates(),
                new ModelSelection.Search(3, 2, List.of(40.0, 50.0, 60.0), 1, Double.POSITIVE_INFINITY), CLOCK);
        ModelSelection.Outcome two = ModelSelection.select(SyntheticLives.config(), lives, candidates(),
                new ModelSelection.Search(3, 2, List.of(40.0, 50.0, 60.0), 2, Double.POSITIVE_INFINITY), CLOCK);
        assertEquals(one.chosen(), two.chosen());
        assertEquals(one.cvRmse(), two.cvRmse());
        assertEquals(one.capRmse(), two.capRmse());
        assertEquals(one.cap(), two.cap());
    }

    @Test
    void aClearlyWorseCandidateIsPrunedAfterTheFirstFold() {
        ModelSelection.Outcome o = ModelSelection.select(SyntheticLives.config(), lives(18, 32), candidates(),
                new ModelSelection.Search(3, 2, List.of(), 2, 0.05), CLOCK);
        assertEquals("windows", o.chosen().name());
        assertEquals(List.of("raw stumps"), o.pruned());
        assertTrue(o.cvRmse().get("raw stumps") > 1.05 * o.cvRmse().get("windows"), o.cvRmse().toString());
        assertEquals(SyntheticLives.config().cap(), o.cap(), "without caps to choose from, the base cap is kept");
        assertTrue(o.capRmse().isEmpty());
    }

    @Test
    void theChosenCapIsTheOneClosestToTheUncappedTruthAndTheModelKeepsIt() {
        ModelSelection.Outcome o = ModelSelection.select(SyntheticLives.config(), lives(18, 33), candidates(),
                new ModelSelection.Search(3, 2, List.of(20.0, 50.0, 70.0), 2, Double.POSITIVE_INFINITY), CLOCK);
        assertEquals(3, o.capRmse().size());
        double best = o.capRmse().values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(best, o.capRmse().get(o.cap()));
        assertTrue(o.capRmse().get(20.0) > best, "a cap far below the lives' length cannot be best: " + o.capRmse());
        assertEquals(o.cap(), o.trained().model().cap());
        assertEquals(o.cap(), o.trained().model().interval().binUpper()[0] * 5, 1e-9,
                "the interval's bins span the chosen cap");
    }
}
