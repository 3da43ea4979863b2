package io.minetwin.analytics.monitor;

/**
 * When a model is marked "retrain recommended".
 *
 * @param psiThreshold      a feature's PSI above which it counts as drifted (0.25: a major shift)
 * @param driftedImportance the share of the model's importance that drifted features must carry
 * @param minRows           scored rows the drift window needs before drift is judged
 * @param recallMargin      how far live recall at 72 h may fall below the backtest's
 * @param minFailures       failures needed since activation before live recall is judged
 * @param falseAlarmMargin  how many false alarms per asset-year live figures may exceed the backtest's by
 * @param minFalseAlarms    false alarms needed before the false alarm rate is judged
 */
public record MonitorPolicy(double psiThreshold, double driftedImportance, long minRows, double recallMargin,
                            int minFailures, double falseAlarmMargin, int minFalseAlarms) {

    public static MonitorPolicy defaults() {
        return new MonitorPolicy(0.25, 0.2, 200, 0.15, 5, 1.0, 3);
    }

    public MonitorPolicy {
        if (!(psiThreshold > 0) || !(driftedImportance > 0 && driftedImportance <= 1) || minRows < 1
                || !(recallMargin >= 0) || minFailures < 1 || !(falseAlarmMargin >= 0) || minFalseAlarms < 1) {
            throw new IllegalArgumentException("monitor thresholds must be positive (drifted importance at most 1)");
        }
    }
}
