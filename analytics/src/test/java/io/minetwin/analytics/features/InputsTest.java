package io.minetwin.analytics.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputsTest {

    static final double NAN = Double.NaN;

    final Inputs tyres = new Inputs(List.of("pressure", "temp"), List.of("tyre-2", "tyre-3"),
            List.of("machine/operating-hours"));

    @Test
    void readsOwnChannelsThenEachPeersThenTheCounters() {
        assertEquals(List.of("pressure", "temp", "tyre-2/pressure", "tyre-2/temp", "tyre-3/pressure", "tyre-3/temp",
                "machine/operating-hours"), tyres.reads());
        assertEquals(List.of("pressure", "temp", "pressure-vs-peers", "temp-vs-peers", "operating-hours-since-renewal"),
                tyres.signals());
        TwinId truck = new TwinId("baiyun", "truck-01");
        assertEquals(new SeriesKey(truck, "tyre-1", "temp"), Inputs.key(truck, "tyre-1", "temp"));
        assertEquals(new SeriesKey(truck, "machine", "operating-hours"),
                Inputs.key(truck, "tyre-1", "machine/operating-hours"));
    }

    @Test
    void derivesTheDifferenceFromThePeersMeanAndTheCountSinceTheLifeBegan() {
        Frame raw = new Frame(new long[] {0, 1, 2, 3}, tyres.reads(), new double[][] {
            {700, 690, 680, 670},        // pressure
            {40, 42, 44, 46},            // temp
            {705, 695, NAN, 690},        // tyre-2 pressure: one gap
            {38, 40, 41, 42},            // tyre-2 temp
            {695, 685, 690, NAN},        // tyre-3 pressure
            {40, 40, 41, NAN},           // tyre-3 temp
            {NAN, 1200.5, 1201, 1203},   // operating hours: first reading in the second row
        });
        Frame d = tyres.derive(raw);
        assertEquals(tyres.signals(), d.channels());
        assertArrayEquals(raw.column("pressure"), d.column("pressure"));
        // Hand-computed: 700 - (705 + 695) / 2 = 0; 690 - 690 = 0; 680 - 690 (tyre-3 alone) = -10; 670 - 690 = -20.
        assertArrayEquals(new double[] {0, 0, -10, -20}, d.column("pressure-vs-peers"), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3, 4}, d.column("temp-vs-peers"), 1e-12);
        assertArrayEquals(new double[] {NAN, 0, 0.5, 2.5}, d.column("operating-hours-since-renewal"), 1e-12);
    }

    @Test
    void aCounterResetNeverGivesNegativeWorkAndPeersWithoutDataGiveNaN() {
        Inputs motor = new Inputs(List.of("temp"), List.of("motor-2"), List.of("machine/cycles"));
        Frame raw = new Frame(new long[] {0, 1, 2}, motor.reads(), new double[][] {
            {50, 51, 52}, {NAN, NAN, 50}, {900, 950, 3}});
        Frame d = motor.derive(raw);
        assertArrayEquals(new double[] {NAN, NAN, 2}, d.column("temp-vs-peers"), 1e-12);
        assertArrayEquals(new double[] {0, 50, 0}, d.column("cycles-since-renewal"), 1e-12);
    }

    @Test
    void ownChannelsOnlyPassTheFrameThrough() {
        Inputs own = Inputs.of(List.of("a", "b"));
        Frame raw = new Frame(new long[] {0}, List.of("a", "b"), new double[][] {{1}, {2}});
        assertSame(raw, own.derive(raw));
        assertEquals(List.of("a", "b"), own.signals());
    }

    @Test
    void refusesAFrameOfOtherSeriesAndBadReferences() {
        Frame raw = new Frame(new long[] {0}, List.of("temp"), new double[][] {{1}});
        var e = assertThrows(IllegalArgumentException.class, () -> tyres.derive(raw));
        assertTrue(e.getMessage().contains("retrain"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Inputs(List.of(), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Inputs(List.of("a/b"), List.of(), List.of()));
        var counter = assertThrows(IllegalArgumentException.class,
                () -> new Inputs(List.of("a"), List.of(), List.of("operating-hours")));
        assertTrue(counter.getMessage().contains("machine/operating-hours"), counter.getMessage());
    }
}
