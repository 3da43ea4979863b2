package io.minetwin.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BenchFiguresTest {

    private Locale saved;

    @BeforeEach
    void english() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.US);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    private static Map<String, Object> figures() {
        Map<String, Object> f = BenchFigures.ordered();
        f.put("engine_samples_per_s", 1_234_567.4);
        f.put("baseline_samples_per_s", 456_789L);
        f.put("ratio", BenchFigures.ratio(1_234_567.4, 456_789, 2));
        f.put("mode", "acknowledged");
        return f;
    }

    @Test
    void textAlignsNamesAndFormatsNumbersByKind() {
        String n = System.lineSeparator();
        assertEquals("bench ingest:" + n
                + "  engine_samples_per_s    1,234,567" + n
                + "  baseline_samples_per_s  456,789" + n
                + "  ratio                   2.700" + n
                + "  mode                    acknowledged" + n, BenchFigures.text("bench ingest", figures()));
    }

    @Test
    void jsonKeepsTheOrderAndQuotesOnlyText() {
        assertEquals("{\"engine_samples_per_s\": 1234567.4, \"baseline_samples_per_s\": 456789, \"ratio\": 2.7,"
                + " \"mode\": \"acknowledged\"}", BenchFigures.json(figures()));
        assertEquals("{\"say \\\"hi\\\"\": \"a\\\\b\"}", BenchFigures.json(Map.of("say \"hi\"", "a\\b")));
    }

    @Test
    void roundsHalfUpToTheGivenDecimals() {
        assertEquals(2.35, BenchFigures.round(2.345, 2));
        assertEquals(1235.0, BenchFigures.round(1234.5, 0));
        assertEquals(0.333, BenchFigures.ratio(1, 3, 3));
    }
}
