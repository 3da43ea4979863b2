package io.minetwin.connectors.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void convertsFahrenheitPsiAndBarToTheChannelsUnits() {
        assertEquals(100.0, Units.conversion("degF", "degC").apply(212), 1e-9);
        assertEquals(0.0, Units.conversion("°F", "degC").apply(32), 1e-9);
        assertEquals(689.4757293168, Units.conversion("psi", "kPa").apply(100), 1e-6);
        assertEquals(250.0, Units.conversion("bar", "kPa").apply(2.5), 1e-9);
        assertEquals(-273.15, Units.conversion("K", "degC").apply(0), 1e-9);
        assertTrue(Units.conversion("kPa", "KPA").isIdentity());
    }

    @Test
    void readsUneceCodesAsOpcUaPacksThem() {
        int fah = ('F' << 16) | ('A' << 8) | 'H';
        assertEquals(Optional.of("degF"), Units.fromUneceId(fah));
        assertEquals(Optional.of("kPa"), Units.fromUneceId(('K' << 16) | ('P' << 8) | 'A'));
        assertEquals(Optional.empty(), Units.fromUneceId(-1));
    }

    @Test
    void refusesUnknownUnitsAndDifferentDimensionsNamingTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> Units.conversion("furlong", "kPa"));
        assertTrue(e.getMessage().contains("'furlong' is not known"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Units.conversion("degF", "kPa"));
        assertTrue(e.getMessage().contains("(temperature) cannot be converted to 'kPa' (pressure)"), e.getMessage());
    }
}
