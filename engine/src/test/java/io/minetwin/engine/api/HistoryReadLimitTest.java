package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryReadLimitTest {

    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    /** {@code hours} hour buckets from T0, each counting {@code perHour} samples. */
    private static RollupData hours(int hours, long perHour) {
        long[] starts = new long[hours];
        long[] count = new long[hours];
        for (int i = 0; i < hours; i++) {
            starts[i] = T0 + i * HOUR;
            count[i] = perHour;
        }
        return new RollupData(Resolution.HOUR, starts, new double[hours], new double[hours], new double[hours], count, hours);
    }

    @Test
    void aRangeWithinTheLimitIsRead() {
        assertEquals(Optional.empty(), TwinsEndpoints.tooLarge(hours(10, 3600), Resolution.RAW, Long.MIN_VALUE, 36_000));
    }

    @Test
    void aTooLargeRawReadIsRefusedWithAPageThatFits() {
        Optional<String> refusal = TwinsEndpoints.tooLarge(hours(10, 3600), Resolution.RAW, Long.MIN_VALUE, 10_000);
        assertTrue(refusal.isPresent());
        // Two hours (7,200 points) fit in 10,000; the third would not.
        assertTrue(refusal.get().contains("about 36,000 raw points") && refusal.get().contains("more than the 10,000"),
                refusal.get());
        assertTrue(refusal.get().contains("from=2026-03-01T00:00:00Z&to=2026-03-01T02:00:00Z, then"
                + " from=2026-03-01T02:00:00Z onwards, or ask for step=1m or step=1h"), refusal.get());
    }

    @Test
    void minuteBucketsAreCountedAtMostSixtyAnHour() {
        assertEquals(Optional.empty(), TwinsEndpoints.tooLarge(hours(10, 3600), Resolution.MINUTE, T0, 600));
        Optional<String> refusal = TwinsEndpoints.tooLarge(hours(10, 3600), Resolution.MINUTE, T0, 599);
        assertTrue(refusal.orElseThrow().contains("minute buckets") && refusal.get().contains("&step=1m"), refusal.get());
    }

    @Test
    void anHourHoldingMoreThanAPageIsPagedByTheMinute() {
        Optional<String> refusal = TwinsEndpoints.tooLarge(hours(1, 50_000), Resolution.RAW, T0, 10_000);
        assertTrue(refusal.orElseThrow().contains("to=2026-03-01T00:01:00Z"), refusal.get());
    }
}
