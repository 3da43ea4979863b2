package io.minetwin.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeTextTest {

    @Test
    void instantsOffsetsFractionsAndDatesAreTimes() {
        Instant t = Instant.parse("2026-03-01T08:00:00Z");
        assertEquals(t, TimeText.parse("2026-03-01T08:00:00Z"));
        assertEquals(t, TimeText.parse("2026-03-01T16:00:00+08:00"));
        assertEquals(t, TimeText.parse("2026-03-01T16:00:00 08:00"), "a '+' that a URL query turned into a space");
        assertEquals(t, TimeText.parse("  2026-03-01T08:00:00Z\t"));
        assertEquals(t.plusMillis(250), TimeText.parse("2026-03-01T08:00:00.250Z"));
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), TimeText.parse("2026-03-01"));
        assertEquals(Instant.parse("1969-12-31T00:00:00Z"), TimeText.parse("1969-12-31"));
    }

    @Test
    void otherTextIsRefusedWithTheFormsAccepted() {
        for (String bad : new String[] {"banana", "2026-13-01", "2026-02-30", "2026-03-01T25:00:00Z",
                "2026-03-01T08:00:00", "1767600000000", "\u0000", "2026-03-01 08:00"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeText.parse(bad), bad);
            assertTrue(e.getMessage().contains("ISO-8601 instant") && e.getMessage().contains("2026-03-01"),
                    e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeText.parse(" ")).getMessage()
                .startsWith("no time given"));
    }

    @Test
    void timesBeyondWhatHistoryKeepsAreRefusedNotOverflowed() {
        for (String far : new String[] {"-999999999-01-01T00:00:00Z", "+200000000-01-01T00:00:00Z",
                "+1000000000-01-01", " 200000000-01-01T00:00:00Z"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeText.parse(far), far);
            assertTrue(e.getMessage().contains("outside the times history keeps")
                    || far.startsWith("+1000000000") && e.getMessage().contains("is not a time"), e.getMessage());
        }
        assertEquals(TimeText.LATEST, TimeText.parse(TimeText.LATEST.toString()));
        assertEquals(TimeText.EARLIEST, TimeText.parse(TimeText.EARLIEST.toString()));
    }
}
