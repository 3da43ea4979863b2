package io.minetwin.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelSpecTest {

    private final ChannelSpec coolant = ChannelSpec.number("coolant-temp", "degC").withPhysical(-50, 200)
            .withNormal(80, 95).withLimits(Limits.high(102, 107));

    @Test
    void alarmInsideNormalRangeIsRejectedNamingTheFieldAndTheFix() {
        var e = assertThrows(SpecException.class, () -> ChannelSpec.number("coolant-temp", "degC")
                .withNormal(80, 102).withLimits(Limits.NONE.withHighAlarm(95)));
        assertEquals("alarm.high", e.field());
        assertEquals("alarm.high: 95 is below normal.max 102; the alarm limit must lie outside the normal range",
                e.getMessage());
    }

    @Test
    void warningAboveAlarmIsRejected() {
        var e = assertThrows(SpecException.class, () -> Limits.high(110, 107));
        assertEquals("alarm.high", e.field());
        assertTrue(e.getMessage().contains("107 is below warning.high 110"), e.getMessage());
    }

    @Test
    void limitOutsidePhysicalRangeIsRejected() {
        var e = assertThrows(SpecException.class, () -> coolant.withPhysical(-50, 105));
        assertEquals("alarm.high", e.field());
        assertTrue(e.getMessage().contains("above physical.max 105"), e.getMessage());
    }

    @Test
    void normalRangeOutsidePhysicalRangeIsRejected() {
        var e = assertThrows(SpecException.class, () -> ChannelSpec.number("t", "degC").withPhysical(0, 100)
                .withNormal(-10, 50));
        assertEquals("normal.min", e.field());
    }

    @Test
    void rangesOnBooleanChannelAreRejected() {
        var e = assertThrows(SpecException.class, () -> new ChannelSpec("set", "", ValueType.BOOLEAN,
                Range.of(0, 1), null, null, List.of(), ""));
        assertEquals("normal", e.field());
    }

    @Test
    void stateChannelNeedsUniqueValidStates() {
        assertEquals("states", assertThrows(SpecException.class,
                () -> ChannelSpec.state("state", List.of())).field());
        assertEquals("states", assertThrows(SpecException.class,
                () -> ChannelSpec.state("state", List.of("idle", "idle"))).field());
        assertEquals("states", assertThrows(SpecException.class,
                () -> ChannelSpec.state("state", List.of("not valid"))).field());
    }

    @Test
    void limitStateFollowsStrictComparisons() {
        assertEquals(LimitState.NORMAL, coolant.limitState(Value.of(90)));
        assertEquals(LimitState.NORMAL, coolant.limitState(Value.of(102)));
        assertEquals(LimitState.HIGH_WARNING, coolant.limitState(Value.of(102.5)));
        assertEquals(LimitState.HIGH_ALARM, coolant.limitState(Value.of(107.1)));
        assertEquals(LimitState.NOT_APPLICABLE, coolant.limitState(Value.of(Double.NaN)));
        assertEquals(LimitState.NOT_APPLICABLE, coolant.limitState(Value.of(true)));
    }

    @Test
    void lowLimitsGiveLowStates() {
        var oil = ChannelSpec.number("oil-pressure", "kPa").withPhysical(0, 1500).withNormal(300, 550)
                .withLimits(Limits.NONE.withLowWarning(250).withLowAlarm(200));
        assertEquals(LimitState.LOW_WARNING, oil.limitState(Value.of(240)));
        assertEquals(LimitState.LOW_ALARM, oil.limitState(Value.of(150)));
        assertEquals("low-alarm", LimitState.LOW_ALARM.id());
    }

    @Test
    void statesAndBooleansEncodeForHistoryAndDecodeBack() {
        var state = ChannelSpec.state("state", List.of("running", "idle", "down"));
        assertEquals(1.0, state.encode(Value.of("idle")));
        assertTrue(Double.isNaN(state.encode(Value.of("exploded"))));
        assertEquals(Optional.of(Value.of("down")), state.decode(2));
        assertEquals(Optional.empty(), state.decode(3));
        var flag = new ChannelSpec("set", "", ValueType.BOOLEAN, null, null, null, null, null);
        assertEquals(1.0, flag.encode(Value.of(true)));
        assertEquals(Optional.of(Value.of(false)), flag.decode(0));
    }

    @Test
    void integerChannelRejectsFractionsButLeavesNaNToTheFinitenessRule() {
        var cycles = ChannelSpec.number("cycles", "").withType(ValueType.INTEGER);
        assertEquals(Optional.empty(), cycles.typeMismatch(Value.of(12)));
        assertEquals(Optional.of("number 3.5 (not a whole number)"), cycles.typeMismatch(Value.of(3.5)));
        assertEquals(Optional.empty(), cycles.typeMismatch(Value.of(Double.NaN)));
    }
}
