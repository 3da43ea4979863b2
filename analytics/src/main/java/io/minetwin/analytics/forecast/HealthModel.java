package io.minetwin.analytics.forecast;

import java.util.Objects;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;

/**
 * Health from 0 to 100: a one-class SVM (libsvm through Tribuo) trained on feature rows from healthy
 * periods scores how far a row lies from healthy operation; its decision value is mapped linearly so
 * that the median healthy row scores 100 and the median row shortly before a failure scores 0.
 *
 * @param columns the feature columns used (a compact subset: level, daily mean and drift per signal)
 * @param names   their names
 * @param mean    healthy mean per column, to standardise
 * @param sd      healthy standard deviation per column
 * @param model   the one-class model
 * @param good    decision value that maps to 100
 * @param bad     decision value that maps to 0
 */
public record HealthModel(int[] columns, String[] names, double[] mean, double[] sd, Model<Event> model, double good,
                          double bad) {

    public HealthModel {
        Objects.requireNonNull(model, "model");
        if (columns.length != names.length || columns.length != mean.length || columns.length != sd.length) {
            throw new IllegalArgumentException("health model parts differ in length");
        }
        if (!(good > bad)) {
            throw new IllegalArgumentException("the healthy decision value " + good + " must exceed the failing one "
                    + bad);
        }
    }

    /** The one-class model's decision value for a full feature row. */
    public double decision(double[] x) {
        return model.predict(example(x)).getOutput().getScore();
    }

    /** Health 0-100 for a full feature row. */
    public double score(double[] x) {
        double d = decision(x);
        return Math.max(0, Math.min(100, 100 * (d - bad) / (good - bad)));
    }

    ArrayExample<Event> example(double[] x) {
        return new ArrayExample<>(new Event(Event.EventType.UNKNOWN), names.clone(), standardise(columns, mean, sd, x));
    }

    /** The model's inputs for a full feature row: the columns, standardised, missing as 0. */
    static double[] standardise(int[] columns, double[] mean, double[] sd, double[] x) {
        double[] v = new double[columns.length];
        for (int i = 0; i < columns.length; i++) {
            double raw = x[columns[i]];
            v[i] = Double.isFinite(raw) ? (raw - mean[i]) / sd[i] : 0;
            // Far-out values saturate rather than dominate the RBF kernel.
            v[i] = Math.max(-20, Math.min(20, v[i]));
        }
        return v;
    }
}
