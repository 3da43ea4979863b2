package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.analytics.bench.CmapssBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkCmapssCommandIT {

    @TempDir
    Path dir;

    /**
     * A small C-MAPSS-shaped subset: units whose sensor 2 drifts up as they near failure, plus noise, so
     * the pipeline has something to learn; test units are cut short with known remaining cycles.
     */
    private Path syntheticSubset() throws IOException {
        Random r = new Random(5);
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        StringBuilder rul = new StringBuilder();
        for (int unit = 1; unit <= 24; unit++) {
            int life = 120 + r.nextInt(80);
            for (int cycle = 1; cycle <= life; cycle++) {
                train.append(row(unit, cycle, life, r));
            }
        }
        for (int unit = 1; unit <= 6; unit++) {
            int life = 120 + r.nextInt(80);
            int cut = 40 + r.nextInt(life - 50);
            for (int cycle = 1; cycle <= cut; cycle++) {
                test.append(row(unit, cycle, life, r));
            }
            rul.append(life - cut).append('\n');
        }
        Files.writeString(dir.resolve("train_FD001.txt"), train);
        Files.writeString(dir.resolve("test_FD001.txt"), test);
        Files.writeString(dir.resolve("RUL_FD001.txt"), rul);
        return dir;
    }

    private static String row(int unit, int cycle, int life, Random r) {
        StringBuilder b = new StringBuilder();
        b.append(unit).append(' ').append(cycle);
        b.append(String.format(Locale.ROOT, " %.4f %.4f 100.0", r.nextGaussian() * 0.002, r.nextGaussian() * 0.0002));
        double wear = Math.exp((cycle - life) / 40.0);
        for (int s = 1; s <= 21; s++) {
            double v = s == 1 ? 518.67 : 100 * s + (s % 3 == 0 ? 0 : 5 * wear) + r.nextGaussian() * 0.5;
            b.append(String.format(Locale.ROOT, " %.4f", v));
        }
        return b.append("  \n").toString();
    }

    @Test
    void importsTrainsAndScoresThroughTheStore() throws IOException {
        Path data = dir.resolve("data");
        Path predictions = dir.resolve("out").resolve("predictions.csv");
        CliRun run = CliRun.of("benchmark", "cmapss", "--data", data.toString(), "--dataset",
                syntheticSubset().toString(), "--subset", "FD001", "--threads", "2", "--predictions",
                predictions.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("FD001", json.get("subset").asText());
        assertEquals("uncapped", json.get("truth").asText());
        double cap = json.get("cap").asDouble();
        assertTrue(CmapssBenchmark.CAPS.contains(cap), "the cap is one of those cross-validated: " + json);
        assertEquals(CmapssBenchmark.CAPS.size(), json.get("cap_cv_rmse").size(), json.toString());
        assertEquals(6, json.get("test_units").asInt());
        assertTrue(json.get("rmse").asDouble() < 40, "the drift is learnable: " + json);
        assertTrue(json.get("rmse_capped_truth").asDouble() <= json.get("rmse").asDouble(),
                "predictions never exceed the cap, so capping the truth can only bring it closer: " + json);
        for (String field : new String[] {"score", "score_capped_truth", "train_seconds", "cv_seconds",
                "total_seconds"}) {
            assertTrue(json.has(field), field);
        }

        List<String> lines = Files.readAllLines(predictions);
        assertEquals("unit,predicted_rul,true_rul,true_rul_capped,interval_low,interval_high", lines.get(0));
        List<String> truths = Files.readAllLines(dir.resolve("RUL_FD001.txt"));
        assertEquals(7, lines.size(), "a header and one row per test unit");
        double sq = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            assertEquals(i, Integer.parseInt(f[0]));
            double predicted = Double.parseDouble(f[1]);
            double truth = Double.parseDouble(f[2]);
            assertEquals(Double.parseDouble(truths.get(i - 1).trim()), truth);
            assertEquals(Math.min(cap, truth), Double.parseDouble(f[3]));
            assertTrue(predicted >= 0 && predicted <= cap, lines.get(i));
            sq += (predicted - truth) * (predicted - truth);
        }
        assertEquals(json.get("rmse").asDouble(), Math.sqrt(sq / 6), 0.01, "the file holds the scored predictions");
        assertTrue(Files.isRegularFile(data.resolve("CURRENT")), "the fleet was imported into the store at --data");
        assertEquals(CmapssBenchmark.candidates(1).size(), json.get("cv_rmse").size(),
                "every candidate was cross-validated: " + json);
        assertTrue(json.get("cv_rmse").has(json.get("chosen").asText()), json.toString());
        assertEquals("cmapss-fd001.engine@1", json.get("model").asText());
        assertEquals("active", json.get("model_state").asText(), "the first model of a key becomes active");
        assertTrue(Files.isDirectory(data.resolve("models").resolve("cmapss-fd001.engine").resolve("v0001")));

        // The registered model through 'models'.
        CliRun list = CliRun.of("models", "list", "--data", data.toString(), "--json");
        assertEquals(0, list.exitCode(), list.err());
        JsonNode models = new ObjectMapper().readTree(list.out()).get("models");
        assertEquals(1, models.size());
        assertEquals("active", models.get(0).get("state").asText());
        CliRun show = CliRun.of("models", "show", "cmapss-fd001.engine", "--data", data.toString(), "--json");
        assertEquals(0, show.exitCode(), show.err());
        JsonNode shown = new ObjectMapper().readTree(show.out());
        assertEquals("cmapss-fd001.engine@1", shown.get("id").asText());
        assertTrue(shown.get("provenance").get("trainer_class").asText().contains("XGBoost"), shown.toString());
        assertEquals("C-MAPSS FD001 test", shown.get("evaluation").get("holdout").asText());
        CliRun rollback = CliRun.of("models", "rollback", "cmapss-fd001.engine", "--data", data.toString());
        assertEquals(1, rollback.exitCode());
        assertTrue(rollback.err().contains("nothing to roll"), rollback.err());
        CliRun missing = CliRun.of("models", "show", "cmapss-fd001.engine@7", "--data", data.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("versions: [1]"), missing.err());
    }

    @Test
    void missingDatasetNamesTheFolderAndTheOption() {
        CliRun run = CliRun.of("benchmark", "cmapss", "--data", dir.resolve("data").toString(), "--dataset",
                dir.resolve("nowhere").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--dataset DIR"), run.err());
    }
}
