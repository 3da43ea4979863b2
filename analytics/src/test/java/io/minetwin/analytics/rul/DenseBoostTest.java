package io.minetwin.analytics.rul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.TwinId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseBoostTest {

    /** y = 40 x0 - 20 x1^2 + noise, with x2 pure noise and some x1 missing. */
    private static RulPipeline.Matrix data(int rows, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][3];
        double[] y = new double[rows];
        List<TwinId> twins = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            x[i][0] = r.nextDouble();
            x[i][1] = r.nextGaussian();
            x[i][2] = r.nextGaussian();
            y[i] = 50 + 40 * x[i][0] - 20 * Math.min(2, x[i][1] * x[i][1]) + r.nextGaussian();
            if (i % 7 == 0) {
                x[i][1] = Double.NaN;
            }
            twins.add(SyntheticLives.twin(i % 5));
        }
        return new RulPipeline.Matrix(List.of("a", "b", "c"), x, y, y.clone(), twins, 0);
    }

    private static double rmse(double[] p, RulPipeline.Matrix m, List<Integer> rows) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - m.y()[rows.get(i)];
            s += d * d;
        }
        return Math.sqrt(s / p.length);
    }

    @Test
    void fitsLikeTheTribuoTrainerTheFinalModelUses() {
        RulPipeline.Matrix m = data(3000, 5);
        List<Integer> train = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < m.rows(); i++) {
            (i % 4 == 0 ? held : train).add(i);
        }
        int[] cols = {0, 1, 2};
        TrainerSettings t = new TrainerSettings(150, 0.1, 4, 1, 0.8, 1.0, 1);
        double[] dense = DenseBoost.fitPredict(m, cols, train, held, t, 200, 11);

        RulPipeline pipeline = new RulPipeline(SyntheticLives.config());
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        var model = pipeline.fit(m.project(cols, train), t, clock);
        double[] tribuo = RulPipeline.predictRows(model, m.project(cols, held), 200);

        double denseRmse = rmse(dense, m, held);
        double tribuoRmse = rmse(tribuo, m, held);
        double[] mean = new double[held.size()];
        java.util.Arrays.fill(mean, train.stream().mapToDouble(i -> m.y()[i]).average().orElseThrow());
        double spread = rmse(mean, m, held);
        assertTrue(denseRmse < 0.4 * spread, "the trees learn the function (up to the noise and the missing"
                + " values): " + denseRmse + " against " + spread + " for the mean");
        assertEquals(tribuoRmse, denseRmse, 0.1 * tribuoRmse,
                "same booster and settings as the Tribuo path: " + denseRmse + " vs " + tribuoRmse);
        double[] clipped = DenseBoost.fitPredict(m, cols, train, held, t, 40, 11);
        for (double v : clipped) {
            assertTrue(v >= 0 && v <= 40, "predictions are clipped to the cap: " + v);
        }
    }
}
