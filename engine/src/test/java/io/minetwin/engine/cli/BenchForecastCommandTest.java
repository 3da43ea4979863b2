package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchForecastCommandTest {

    @Test
    void theWorstFleetIsTheWorstOfEachFigureAndTheMeanTheirMean() throws Exception {
        ObjectMapper m = new ObjectMapper();
        Map<String, Object> fleets = new LinkedHashMap<>();
        fleets.put("seed-2", BenchForecastCommand.figures(m.readTree("{\"failures\": 60, \"recall_72h\": 0.9,"
                + " \"false_alarms_per_asset_year\": 0.5, \"precision\": 0.6, \"median_lead_hours\": 300,"
                + " \"failures_without_model\": 4}")));
        fleets.put("seed-3", BenchForecastCommand.figures(m.readTree("{\"failures\": 50, \"recall_72h\": 0.7,"
                + " \"false_alarms_per_asset_year\": 1.5, \"precision\": 0.8, \"median_lead_hours\": 200,"
                + " \"failures_without_model\": 9}")));
        Map<String, Object> worst = BenchForecastCommand.summary(fleets, true);
        assertEquals(0.7, worst.get("recall_72h"));
        assertEquals(1.5, worst.get("false_alarms_per_asset_year"), "more false alarms is worse");
        assertEquals(0.6, worst.get("precision"));
        assertEquals(200.0, worst.get("median_lead_hours"));
        assertEquals(9L, worst.get("failures_without_model"));
        Map<String, Object> mean = BenchForecastCommand.summary(fleets, false);
        assertEquals(0.8, mean.get("recall_72h"));
        assertEquals(1.0, mean.get("false_alarms_per_asset_year"));
    }

    @Test
    void evaluatingOnTheTrainingSeedIsRefused() {
        StringWriter err = new StringWriter();
        var cli = Main.newCommandLine();
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute("bench", "forecast", "--train-seed", "2", "--eval-seeds", "2,3");
        assertEquals(2, rc);
        assertTrue(err.toString().contains("other than --train-seed"), err.toString());
    }
}
