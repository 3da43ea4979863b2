package io.minetwin.engine.cli;

import static io.minetwin.engine.cli.SimulateCommandIT.ASSET_TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train}, {@code evaluate}, {@code forecast} and {@code bench score} on a simulated fleet aged fast
 * enough that two months hold dozens of inverter cooling failures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForecastCommandsIT {

    @TempDir
    static Path dir;
    static Path data;
    static Path config;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void generate() throws Exception {
        String demo = Files.readString(SimulateCommandIT.DEMO);
        assertTrue(demo.contains("\n  ageing: 2\n"), "the demo fleet no longer sets ageing: 2; update this test");
        Path fleet = Files.writeString(dir.resolve("fast.yaml"), demo.replace("\n  ageing: 2\n", "\n  ageing: 40\n"));
        data = dir.resolve("data");
        CliRun gen = CliRun.of("simulate", "generate", "--fleet", fleet.toString(), "--asset-types",
                ASSET_TYPES.toString(), "--days", "60", "--step", "1h", "--out", data.toString());
        assertEquals(0, gen.exitCode(), gen.err());
        CliRun imp = CliRun.of("import", "maintenance", "--data", data.toString(),
                data.resolve("maintenance.csv").toString());
        assertEquals(0, imp.exitCode(), imp.err());
        config = Files.writeString(dir.resolve("minetwin.yaml"), "data-dir: '" + data + "'\nasset-types: '"
                + ASSET_TYPES.toAbsolutePath() + "'\nfleet: '" + fleet + "'\n");
    }

    private static CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return CliRun.of(all);
    }

    @Test
    @Order(1)
    void trainRegistersAnActiveModelWithItsHoldoutEvaluation() throws Exception {
        CliRun r = run("train", "--asset-type", "drive-inverter", "--component", "cooling", "--json");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode j = JSON.readTree(r.out());
        JsonNode trained = j.get("trained").get(0);
        assertEquals("drive-inverter.cooling@1", trained.get("model").asText());
        assertEquals("active", trained.get("state").asText());
        for (String key : new String[] {"failures", "recall_72h", "false_alarms_per_asset_year", "precision",
                "rul_rmse_hours", "brier_7d", "train_failures"}) {
            assertTrue(trained.get("evaluation").has(key), key + " in " + trained);
        }
        assertTrue(trained.get("evaluation").get("train_failures").asLong() >= 3, trained.toString());
        // The thresholds tried on validation rows are reported, the chosen one among them.
        var tried = trained.get("evaluation").get("tuning");
        assertTrue(tried.size() >= 1 && tried.get(0).has("false_alarms_per_asset_year"), trained.toString());
        double chosen = trained.get("evaluation").get("warning_threshold").asDouble();
        // Without a failure in the validation rows the configured thresholds are kept.
        assertTrue(tried.get(0).get("failures").asLong() == 0 || java.util.stream.StreamSupport.stream(
                tried.spliterator(), false).anyMatch(t -> t.get("warning").asDouble() == chosen), tried.toString());
        assertTrue(r.err().contains("[####################] done"), "progress bar: " + r.err());

        CliRun again = run("train", "--asset-type", "drive-inverter", "--component", "cooling", "--trainer", "cart",
                "--json");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("candidate", JSON.readTree(again.out()).get("trained").get(0).get("state").asText());
        CliRun show = run("models", "show", "drive-inverter.cooling@2", "--json");
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().contains("CARTClassificationTrainer"), show.out());
    }

    @Test
    @Order(2)
    void evaluateAndForecastUseTheActiveModels() throws Exception {
        CliRun e = run("evaluate", "--json");
        assertEquals(0, e.exitCode(), e.err());
        JsonNode j = JSON.readTree(e.out());
        assertTrue(j.get("failures").asLong() > 0, j.toString());
        assertTrue(j.get("predictable_failures").asLong() <= j.get("failures").asLong());
        assertTrue(j.has("recall_72h") && j.has("false_alarms_per_asset_year") && j.has("precision")
                && j.has("rul_rmse_hours"), j.toString());
        assertTrue(j.get("components").has("drive-inverter.cooling"), j.toString());
        var cooling = j.get("components").get("drive-inverter.cooling");
        assertEquals(cooling.get("failures").asLong(), cooling.get("failure_list").size(), "every failure listed");
        for (var failure : cooling.get("failure_list")) {
            assertEquals(failure.get("flagged").asBoolean(), !failure.get("lead_hours").isNull(), failure.toString());
        }
        assertEquals(data.resolve("ground-truth.csv").toString(), j.get("ground_truth").asText());

        CliRun f = run("forecast", "--at", j.get("to").asText(), "--top", "3", "--json");
        assertEquals(0, f.exitCode(), f.err());
        JsonNode fj = JSON.readTree(f.out());
        assertEquals(44, fj.get("forecasts").asInt(), "one forecast per inverter");
        JsonNode first = fj.get("ranked").get(0);
        assertEquals("cooling", first.get("component").asText());
        assertTrue(first.get("failureProbability").has("72h") && first.get("failureProbability").has("7d"));
        double p0 = first.get("failureProbability").get("7d").asDouble();
        double p2 = fj.get("ranked").get(2).get("failureProbability").get("7d").asDouble();
        assertTrue(p0 >= p2, "ranked by risk");
        assertEquals("drive-inverter.cooling@1", first.get("modelVersion").asText());

        CliRun b = CliRun.of("bench", "score", "--assets", "1", "--history-days", "2", "--home", "..", "--json");
        assertEquals(0, b.exitCode(), b.err());
        JsonNode bj = JSON.readTree(b.out());
        assertEquals(72, bj.get("assets").asInt(), "one whole copy of the demo fleet");
        assertTrue(bj.get("forecasts").asInt() > 0 && bj.get("forecasts_per_s").asDouble() > 0, bj.toString());
        assertTrue(bj.get("engine_forecasts_per_s").asDouble() > 0 && bj.get("ratio").asDouble() > 0, bj.toString());
    }

    @Test
    @Order(3)
    void badRequestsSayWhatExistsAndWhatToDo() {
        CliRun type = run("train", "--asset-type", "tunnel-borer");
        assertEquals(2, type.exitCode());
        assertTrue(type.err().contains("asset type 'tunnel-borer' is not in the fleet; types:"), type.err());
        CliRun component = run("train", "--asset-type", "drive-inverter", "--component", "flux-capacitor");
        assertEquals(2, component.exitCode());
        assertTrue(component.err().contains("components: igbt"), component.err());
        CliRun trainer = run("train", "--all", "--trainer", "magic");
        assertEquals(2, trainer.exitCode());
        assertTrue(trainer.err().contains("not one of xgboost, cart, sgd"), trainer.err());
        CliRun cycles = run("train", "--all", "--thermal-cycles", "-3");
        assertEquals(2, cycles.exitCode());
        assertTrue(cycles.err().contains("--thermal-cycles must be a positive range"), cycles.err());
        CliRun noModels = CliRun.of("evaluate", "--config", config.toString(), "--data", dir.resolve("empty").toString(),
                "--models", dir.resolve("nowhere").toString());
        assertEquals(1, noModels.exitCode());
        assertTrue(noModels.err().contains("train them with"), noModels.err());
    }
}
