package io.minetwin.connectors.opcua.server;

import static io.minetwin.connectors.opcua.server.ScadaTestSupport.WINDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.QualityLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.junit.jupiter.api.Test;

class HistoryReaderTest {

    static final long BASE = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    static final ChannelSpec SPEC = ScadaTestSupport.shovelType().channel("hoist-motor", "winding-temp").orElseThrow();

    static ScadaTestSupport.MemoryHistory history(int n, long step) {
        var h = new ScadaTestSupport.MemoryHistory();
        for (int i = 0; i < n; i++) {
            h.add(WINDING, BASE + i * step, i, QualityLevel.GOOD);
        }
        return h;
    }

    static DateTime at(long millis) {
        return new DateTime(Instant.ofEpochMilli(millis));
    }

    @Test
    void rawWithoutALimitStillPagesAtTheServersMaximum() {
        var reader = new HistoryReader(history(23, 60_000), 5);
        List<DataValue> all = new ArrayList<>();
        ByteString cp = ByteString.NULL_VALUE;
        int pages = 0;
        do {
            HistoryReader.Page p = reader.raw(WINDING, SPEC, at(BASE), at(BASE + 3_600_000), 0, cp);
            assertTrue(p.values().size() <= 5);
            all.addAll(p.values());
            cp = p.continuation();
            pages++;
        } while (cp.isNotNull());
        assertEquals(23, all.size());
        assertEquals(5, pages);
        for (int i = 0; i < 23; i++) {
            assertEquals((double) i, all.get(i).value().getValue());
        }
    }

    @Test
    void rawWithOnlyAnEndTimeReadsBackwardsFromIt() {
        var reader = new HistoryReader(history(10, 1_000), 100);
        HistoryReader.Page p = reader.raw(WINDING, SPEC, null, at(BASE + 5_000), 3, ByteString.NULL_VALUE);
        assertEquals(List.of(5.0, 4.0, 3.0), p.values().stream().map(v -> (Double) v.value().getValue()).toList());
        HistoryReader.Page next = reader.raw(WINDING, SPEC, null, at(BASE + 5_000), 3, p.continuation());
        assertEquals(List.of(2.0, 1.0, 0.0), next.values().stream().map(v -> (Double) v.value().getValue()).toList());
    }

    @Test
    void rawWithNeitherStartNorEndIsRefused() {
        var reader = new HistoryReader(history(3, 1_000), 100);
        assertEquals(StatusCodes.Bad_InvalidTimestampArgument,
                reader.raw(WINDING, SPEC, null, null, 10, ByteString.NULL_VALUE).status().value());
    }

    @Test
    void processedIntervalsPageThroughContinuationPointsAndEmptyIntervalsAreBadNoData() {
        var h = history(60, 60_000); // one hour, a sample a minute
        var reader = new HistoryReader(h, 4);
        List<DataValue> all = new ArrayList<>();
        ByteString cp = ByteString.NULL_VALUE;
        int pages = 0;
        do {
            HistoryReader.Page p = reader.processed(WINDING, at(BASE), at(BASE + 7_200_000), 600_000,
                    NodeIds.AggregateFunction_Count, cp);
            all.addAll(p.values());
            cp = p.continuation();
            pages++;
        } while (cp.isNotNull());
        assertEquals(12, all.size(), "two hours in 10-minute intervals");
        assertEquals(3, pages);
        for (int k = 0; k < 6; k++) {
            assertEquals(10, all.get(k).value().getValue());
            assertEquals(BASE + k * 600_000L, all.get(k).sourceTime().getJavaTime());
        }
        for (int k = 6; k < 12; k++) {
            assertEquals(StatusCodes.Bad_NoData, all.get(k).statusCode().value(), "no samples in the second hour");
        }
        HistoryReader.Page wrong = reader.processed(WINDING, at(BASE), at(BASE + 7_200_000), 300_000,
                NodeIds.AggregateFunction_Count, reader.processed(WINDING, at(BASE), at(BASE + 7_200_000), 600_000,
                        NodeIds.AggregateFunction_Count, ByteString.NULL_VALUE).continuation());
        assertEquals(StatusCodes.Bad_ContinuationPointInvalid, wrong.status().value(),
                "a continuation point is only good for the request that made it");
    }

    @Test
    void processingIntervalZeroIsOneIntervalOverTheWholeRange() {
        var reader = new HistoryReader(history(10, 1_000), 100);
        HistoryReader.Page p = reader.processed(WINDING, at(BASE), at(BASE + 10_000), 0,
                NodeIds.AggregateFunction_Average, ByteString.NULL_VALUE);
        assertEquals(1, p.values().size());
        assertEquals(4.5, (Double) p.values().get(0).value().getValue(), 1e-12);
    }
}
