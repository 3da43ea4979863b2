package io.minetwin.engine.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code forecasts.retrain}: off unless set, a period of at least an hour, clear errors otherwise. */
class ForecastSettingsTest {

    @Test
    void retrainIsOffByDefaultAndTakesAPeriod() {
        assertEquals(Optional.empty(), ForecastSettings.from(null, "f.yaml").retrain());
        assertEquals(Optional.empty(), ForecastSettings.from(Map.of("every", "1h"), "f.yaml").retrain());
        assertEquals(Optional.of(Duration.ofDays(7)), ForecastSettings.from(Map.of("retrain", "7d"), "f.yaml").retrain());
        assertEquals(Optional.empty(), ForecastSettings.from(Map.of("retrain", "off"), "f.yaml").retrain());
    }

    @Test
    void badPeriodsAreRefusedNamingTheKeyAndTheFix() {
        var tooShort = assertThrows(IllegalArgumentException.class,
                () -> ForecastSettings.from(Map.of("retrain", "5m"), "f.yaml"));
        assertTrue(tooShort.getMessage().startsWith("f.yaml: forecasts.retrain"), tooShort.getMessage());
        assertTrue(tooShort.getMessage().contains("at least 1h"), tooShort.getMessage());
        var nonsense = assertThrows(IllegalArgumentException.class,
                () -> ForecastSettings.from(Map.of("retrain", "weekly"), "f.yaml"));
        assertTrue(nonsense.getMessage().contains("forecasts.retrain") && nonsense.getMessage().contains("7d"),
                nonsense.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> ForecastSettings.from(Map.of("retrian", "7d"), "f.yaml"));
        assertTrue(unknown.getMessage().contains("retrain"), unknown.getMessage());
    }
}
