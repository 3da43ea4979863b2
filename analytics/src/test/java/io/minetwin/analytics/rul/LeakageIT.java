package io.minetwin.analytics.rul;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.MemorySources;
import io.minetwin.model.TwinId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Learning must come from the labels: with the targets shuffled, the model is no better than a constant. */
class LeakageIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Instant TO = SyntheticLives.T0.plusSeconds(3600L * 400);

    private static List<Life> lives(RulPipeline pipeline, MemorySources fleet, int n) {
        List<Life> out = new ArrayList<>();
        for (TwinId twin : SyntheticLives.twins(n)) {
            out.addAll(pipeline.lives(fleet, fleet, twin, SyntheticLives.T0, TO));
        }
        return out;
    }

    @Test
    void shuffledLabelsGiveChanceLevelResults() {
        RulPipeline pipeline = new RulPipeline(SyntheticLives.config());
        List<Life> train = lives(pipeline, SyntheticLives.fleet(16, 21), 16);
        List<Life> holdout = lives(pipeline, SyntheticLives.fleet(8, 22), 8).stream().filter(Life::failed).toList();

        RulModel real = pipeline.train(train, CLOCK).model();
        RulModel shuffled = pipeline.train(train, CLOCK, new Random(5)).model();

        double trainMean = 0;
        int n = 0;
        for (Life l : train) {
            for (double y : pipeline.targets(l)) {
                if (!Double.isNaN(y)) {
                    trainMean += y;
                    n++;
                }
            }
        }
        trainMean /= n;
        double[] sse = new double[3]; // real, shuffled, constant
        int count = 0;
        for (Life life : holdout) {
            double[] y = pipeline.targets(life);
            int[] rows = new int[y.length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            double[] pr = RulPipeline.predict(real, life.frame(), rows);
            double[] ps = RulPipeline.predict(shuffled, life.frame(), rows);
            for (int i = 0; i < y.length; i++) {
                sse[0] += (pr[i] - y[i]) * (pr[i] - y[i]);
                sse[1] += (ps[i] - y[i]) * (ps[i] - y[i]);
                sse[2] += (trainMean - y[i]) * (trainMean - y[i]);
                count++;
            }
        }
        double real_ = Math.sqrt(sse[0] / count);
        double shuffled_ = Math.sqrt(sse[1] / count);
        double constant = Math.sqrt(sse[2] / count);
        String figures = "RMSE real " + real_ + ", shuffled " + shuffled_ + ", constant " + constant;
        assertTrue(real_ < 0.6 * constant, "the real labels are learnable: " + figures);
        assertTrue(shuffled_ > 0.9 * constant, "shuffled labels leave nothing to learn: " + figures);
    }
}
