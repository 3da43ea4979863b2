package io.minetwin.analytics.forecast;

import io.minetwin.analytics.rul.Life;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a period: scores every component at a fixed cadence with the models it would have had, runs
 * the alert levels (with hysteresis) forward in time as the engine would, and compares the alerts with
 * what happened.
 *
 * <ul>
 *   <li>A failure is <b>flagged</b> when an alert at the flag level (warning by default) was on within the
 *       longest horizon before it; its <b>lead time</b> runs from the start of the earliest such alert.
 *       Recall at 72 h counts flagged failures with at least 72 h of lead among the predictable ones.</li>
 *   <li>An alert is <b>true</b> when the component fails within the longest horizon after the alert ends,
 *       <b>renewed</b> when maintenance renewed the component in that time (an alert that led to a
 *       replacement is not a false alarm), <b>open</b> when the period ends first, and <b>false</b>
 *       otherwise.</li>
 *   <li>Random faults (known from ground truth) are counted apart: no model should claim them.</li>
 * </ul>
 */
public final class Backtest {

    private final ForecastConfig config;

    public Backtest(ForecastConfig config) {
        this.config = config;
    }

    /**
     * A failure as the ground truth knows it.
     *
     * @param predictable false for random faults that no precursor announces
     */
    public record Truth(TwinId twin, String component, Instant time, String mode, boolean predictable) {
    }

    /** Counts over one or more components; {@link #add} merges. */
    public static final class Tally {
        long failures;
        long predictable;
        long flagged;
        long flagged72;
        long random;
        long randomFlagged;
        long episodes;
        long trueEpisodes;
        long renewedEpisodes;
        long falseEpisodes;
        long openEpisodes;
        final Map<String, double[]> brier = new LinkedHashMap<>();
        double rulSquares;
        long rulRows;
        double phm;
        final List<Double> leads = new ArrayList<>();
        final List<Outcome> outcomes = new ArrayList<>();

        public void add(Tally o) {
            failures += o.failures;
            predictable += o.predictable;
            flagged += o.flagged;
            flagged72 += o.flagged72;
            random += o.random;
            randomFlagged += o.randomFlagged;
            episodes += o.episodes;
            trueEpisodes += o.trueEpisodes;
            renewedEpisodes += o.renewedEpisodes;
            falseEpisodes += o.falseEpisodes;
            openEpisodes += o.openEpisodes;
            o.brier.forEach((k, v) -> {
                double[] b = brier.computeIfAbsent(k, x -> new double[2]);
                b[0] += v[0];
                b[1] += v[1];
            });
            rulSquares += o.rulSquares;
            rulRows += o.rulRows;
            phm += o.phm;
            leads.addAll(o.leads);
            outcomes.addAll(o.outcomes);
        }

        /** Every failure in the period and whether it was flagged, in the order replayed. */
        public List<Outcome> outcomes() {
            return List.copyOf(outcomes);
        }

        public long failures() {
            return failures;
        }

        public long predictable() {
            return predictable;
        }

        public long flagged72() {
            return flagged72;
        }

        public long falseAlarms() {
            return falseEpisodes;
        }

        public double recall72() {
            return predictable == 0 ? Double.NaN : flagged72 / (double) predictable;
        }

        /**
         * The figures, in the order reported: failures, predictable_failures, flagged, recall, recall_72h,
         * median_lead_hours, alerts, false_alarms, false_alarms_per_asset_year, precision, brier per horizon,
         * rul_rmse_hours, phm08_score (errors in days), random_failures and random_flagged.
         */
        public Map<String, Object> figures(double assetYears) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("failures", failures);
            m.put("predictable_failures", predictable);
            m.put("flagged", flagged);
            m.put("recall", ratio(flagged, predictable));
            m.put("recall_72h", ratio(flagged72, predictable));
            List<Double> sorted = new ArrayList<>(leads);
            Collections.sort(sorted);
            m.put("median_lead_hours", sorted.isEmpty() ? null : round(sorted.get(sorted.size() / 2)));
            m.put("alerts", episodes);
            m.put("false_alarms", falseEpisodes);
            m.put("false_alarms_per_asset_year", assetYears > 0 ? round(falseEpisodes / assetYears) : null);
            m.put("precision", ratio(trueEpisodes + renewedEpisodes, trueEpisodes + renewedEpisodes + falseEpisodes));
            brier.forEach((h, b) -> m.put("brier_" + h, b[1] > 0 ? round(b[0] / b[1]) : null));
            m.put("rul_rmse_hours", rulRows > 0 ? round(Math.sqrt(rulSquares / rulRows)) : null);
            m.put("phm08_score", rulRows > 0 ? round(phm) : null);
            m.put("random_failures", random);
            m.put("random_flagged", randomFlagged);
            m.put("asset_years", round(assetYears));
            return m;
        }

        private static Double ratio(long a, long b) {
            return b == 0 ? null : round(a / (double) b);
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    /**
     * What became of one failure in a replay.
     *
     * @param mode      the failure mode, when the ground truth knows it
     * @param leadHours hours from the start of the alert that flagged it to the failure; NaN when not flagged
     */
    public record Outcome(TwinId twin, String component, Instant time, Optional<String> mode, boolean predictable,
                          boolean flagged, double leadHours) {

        /** As JSON: {@code twin}, {@code component}, {@code time}, {@code mode}, {@code predictable}, {@code flagged},
         * {@code lead_hours}. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("twin", twin.toString());
            m.put("component", component);
            m.put("time", time.toString());
            m.put("mode", mode.orElse(null));
            m.put("predictable", predictable);
            m.put("flagged", flagged);
            m.put("lead_hours", flagged ? Tally.round(leadHours) : null);
            return m;
        }
    }

    /** The forecasts of one life at the backtest's cadence. */
    public record Scored(Life life, List<ComponentModels.Point> points) {
    }

    /**
     * Forecasts every life at the cadence within {@code [from, to)}; {@link #replay} then runs any alert
     * policy over them without predicting again.
     */
    public List<Scored> score(ComponentModels models, List<Life> lives, Instant from, Instant to) {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        long every = config.scoreEvery().toMillis();
        List<Scored> out = new ArrayList<>();
        for (Life life : lives) {
            long[] times = life.frame().times();
            List<Integer> picked = new ArrayList<>();
            long next = Long.MIN_VALUE;
            for (int r = 0; r < times.length; r++) {
                if (times[r] >= fromMs && times[r] < toMs && times[r] >= next) {
                    picked.add(r);
                    next = times[r] + every;
                }
            }
            List<ComponentModels.Point> points = picked.isEmpty() ? List.of()
                    : models.predict(life.frame(), picked.stream().mapToInt(Integer::intValue).toArray());
            out.add(new Scored(life, points));
        }
        return out;
    }

    /**
     * Replays one twin's component over {@code [from, to)} with the model's own alert policy.
     *
     * @param lives the twin's lives of the component, in time order, read with enough history before
     *              {@code from} for the feature windows
     * @param truth the ground truth of a failure at a time, if known
     */
    public Tally run(ComponentModels models, List<Life> lives, Instant from, Instant to,
                     java.util.function.Function<Long, Optional<Truth>> truth) {
        return replay(models, score(models, lives, from, to), from, to, models.alerts(), truth);
    }

    /** Runs {@code policy} over forecasts made by {@link #score} and compares the alerts with what happened. */
    public Tally replay(ComponentModels models, List<Scored> scored, Instant from, Instant to, AlertPolicy policy,
                        java.util.function.Function<Long, Optional<Truth>> truth) {
        Tally t = new Tally();
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        long longest = models.horizons().get(models.horizons().size() - 1).length().toMillis();
        double stepMs = models.step().toMillis();
        for (Scored sc : scored) {
            Life life = sc.life();
            boolean failed = life.failed();
            long end = failed ? life.failureTime().getAsLong() : life.observedTo();
            List<long[]> episodes = new ArrayList<>();
            if (!sc.points().isEmpty()) {
                List<ComponentModels.Point> points = sc.points();
                AlertLevel level = AlertLevel.OK;
                long start = -1;
                for (ComponentModels.Point p : points) {
                    double[] pr = p.probability();
                    level = policy.next(level, pr[0], pr[pr.length - 1], p.health());
                    boolean on = level.atLeast(policy.flag());
                    if (on && start < 0) {
                        start = p.time();
                    } else if (!on && start >= 0) {
                        episodes.add(new long[] {start, p.time()});
                        start = -1;
                    }
                    long remaining = end - p.time();
                    for (int h = 0; h < pr.length; h++) {
                        long hl = models.horizons().get(h).length().toMillis();
                        int y = failed ? (remaining <= hl ? 1 : 0) : (remaining >= hl ? 0 : -1);
                        if (y >= 0) {
                            double[] b = t.brier.computeIfAbsent(models.horizons().get(h).name(), k -> new double[2]);
                            b[0] += (pr[h] - y) * (pr[h] - y);
                            b[1]++;
                        }
                    }
                    if (failed && remaining / stepMs <= models.rulCap()) {
                        double errHours = (p.rulSteps() - remaining / stepMs) * stepMs / 3_600_000.0;
                        t.rulSquares += errHours * errHours;
                        t.rulRows++;
                        double d = errHours / 24;
                        t.phm += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
                    }
                }
                if (start >= 0) {
                    episodes.add(new long[] {start, Math.min(end, points.get(points.size() - 1).time())});
                }
            }
            for (long[] e : episodes) {
                t.episodes++;
                if (end <= e[1] + longest && end < toMs) {
                    if (failed) {
                        t.trueEpisodes++;
                    } else {
                        t.renewedEpisodes++;
                    }
                } else if (end <= e[1] + longest || e[1] + longest > toMs) {
                    t.openEpisodes++;
                } else {
                    t.falseEpisodes++;
                }
            }
            if (failed && end >= fromMs && end < toMs) {
                Optional<Truth> known = truth.apply(end);
                boolean predictable = known.map(Truth::predictable).orElse(true);
                long firstStart = Long.MAX_VALUE;
                for (long[] e : episodes) {
                    if (e[1] >= end - longest && e[0] <= end) {
                        firstStart = Math.min(firstStart, e[0]);
                    }
                }
                boolean flagged = firstStart != Long.MAX_VALUE;
                t.outcomes.add(new Outcome(life.twin(), models.component(), Instant.ofEpochMilli(end),
                        known.map(Truth::mode), predictable, flagged,
                        flagged ? (end - firstStart) / 3_600_000.0 : Double.NaN));
                t.failures++;
                if (predictable) {
                    t.predictable++;
                    if (flagged) {
                        t.flagged++;
                        double lead = (end - firstStart) / 3_600_000.0;
                        t.leads.add(lead);
                        if (lead >= Duration.ofHours(72).toHours()) {
                            t.flagged72++;
                        }
                    }
                } else {
                    t.random++;
                    t.randomFlagged += flagged ? 1 : 0;
                }
            }
        }
        return t;
    }
}
