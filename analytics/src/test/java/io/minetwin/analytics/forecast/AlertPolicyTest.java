package io.minetwin.analytics.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minetwin.model.AlertLevel;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {

    private final AlertPolicy policy = new AlertPolicy(0.3, 0.5, 0.5, 30, 0.1, AlertLevel.WARNING);

    @Test
    void levelsFollowTheThresholds() {
        assertEquals(AlertLevel.OK, policy.level(0.01, 0.1, 90));
        assertEquals(AlertLevel.WATCH, policy.level(0.01, 0.35, 90));
        assertEquals(AlertLevel.WATCH, policy.level(0.01, 0.1, 20), "low health alone is worth watching");
        assertEquals(AlertLevel.WARNING, policy.level(0.2, 0.6, 90));
        assertEquals(AlertLevel.CRITICAL, policy.level(0.55, 0.6, 90));
    }

    @Test
    void aProbabilityHoveringAtAThresholdDoesNotFlap() {
        AlertLevel level = AlertLevel.OK;
        int changes = 0;
        double[] hovering = {0.49, 0.51, 0.48, 0.52, 0.47, 0.50, 0.45, 0.53};
        for (double p : hovering) {
            AlertLevel next = policy.next(level, 0.05, p, 90);
            changes += next != level ? 1 : 0;
            level = next;
        }
        assertEquals(AlertLevel.WARNING, level);
        assertEquals(2, changes, "up to watch, then warning, and no way back while within the hysteresis");
    }

    @Test
    void easesOnlyBelowTheThresholdMinusTheHysteresis() {
        assertEquals(AlertLevel.WARNING, policy.next(AlertLevel.WARNING, 0.05, 0.41, 90));
        assertEquals(AlertLevel.WATCH, policy.next(AlertLevel.WARNING, 0.05, 0.39, 90));
        assertEquals(AlertLevel.OK, policy.next(AlertLevel.WATCH, 0.05, 0.15, 90));
        assertEquals(AlertLevel.CRITICAL, policy.next(AlertLevel.OK, 0.9, 0.95, 90), "escalates at once");
    }

    @Test
    void healthFarFromEveryHealthyStateWarnsWhenAskedAndEasesWithHysteresis() {
        AlertPolicy byHealth = policy.withWarningHealth(10);
        assertEquals(AlertLevel.WATCH, policy.level(0.01, 0.1, 5), "off by default: low health is only watched");
        assertEquals(AlertLevel.WARNING, byHealth.level(0.01, 0.1, 5));
        assertEquals(AlertLevel.WATCH, byHealth.level(0.01, 0.1, 12));
        // Entered under 10, left only at 10 + 100 * hysteresis = 20 or above.
        assertEquals(AlertLevel.WARNING, byHealth.next(AlertLevel.WARNING, 0.01, 0.1, 19));
        assertEquals(AlertLevel.WATCH, byHealth.next(AlertLevel.WARNING, 0.01, 0.1, 21));
        assertThrows(IllegalArgumentException.class, () -> policy.withWarningHealth(31), "above the watch health");
        assertThrows(IllegalArgumentException.class, () -> policy.withWarningHealth(-1));
    }

    @Test
    void inconsistentThresholdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AlertPolicy(0.6, 0.5, 0.5, 30, 0.1, AlertLevel.WARNING));
        assertThrows(IllegalArgumentException.class, () -> new AlertPolicy(0.3, 0.5, 0.5, 30, 0.4, AlertLevel.WARNING));
        assertThrows(IllegalArgumentException.class, () -> new AlertPolicy(0.3, 0.5, 0.5, 30, 0.1, AlertLevel.OK));
    }
}
