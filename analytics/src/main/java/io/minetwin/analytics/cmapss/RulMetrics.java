package io.minetwin.analytics.cmapss;

/** The standard figures of RUL prediction: RMSE and the PHM08 challenge's asymmetric score. */
public final class RulMetrics {

    private RulMetrics() {
    }

    public static double rmse(double[] predicted, double[] truth) {
        check(predicted, truth);
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = predicted[i] - truth[i];
            sum += d * d;
        }
        return Math.sqrt(sum / truth.length);
    }

    /**
     * The PHM08 score: with {@code d = predicted - true}, {@code exp(-d/13) - 1} for early predictions
     * ({@code d < 0}) and {@code exp(d/10) - 1} for late ones, summed; late predictions cost more.
     */
    public static double phm08Score(double[] predicted, double[] truth) {
        check(predicted, truth);
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = predicted[i] - truth[i];
            s += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
        }
        return s;
    }

    private static void check(double[] predicted, double[] truth) {
        if (predicted.length != truth.length || truth.length == 0) {
            throw new IllegalArgumentException("need as many predictions as true values, and at least one; got "
                    + predicted.length + " and " + truth.length);
        }
    }
}
