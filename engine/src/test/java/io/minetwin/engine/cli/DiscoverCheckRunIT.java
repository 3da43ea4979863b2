package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.opcua.SiteServer;
import io.minetwin.testkit.opcua.SiteServer.Var;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Onboarding a site as a new user would: {@code minetwin discover} against a server laid out by the site, not
 * like the simulator ({@code Objects/Shovel-01/HoistMotor/Temperature}, units as EngineeringUnits in °F, psi and
 * °C, EURanges, text and counter nodes, a weather station and a gateway's own diagnostics), with small operation
 * limits; the corrections a person makes, scripted and counted; {@code minetwin check} accepting the result and
 * refusing a broken one; then {@code minetwin run} ingesting from the server through the draft.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoverCheckRunIT {

    private static final Path ASSET_TYPES = Path.of("..", "config", "asset-types").toAbsolutePath().normalize();

    private SiteServer server;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        double nan = Double.NaN;
        server = new SiteServer(List.of(
                Var.analog("Shovel-01/HoistMotor/Temperature", "CEL", "°C", 0, 200, 96.0),
                Var.analog("Shovel-01/HoistMotor/BearingTemperature", "FAH", "°F", 32, 392, 158.0),
                Var.analog("Shovel-01/HoistMotor/Current", "AMP", "A", -4000, 4000, 850.0),
                Var.analog("Shovel-01/HoistMotor/DEBearingVibration", "C16", "mm/s", 0, 50, 1.8),
                Var.analog("Shovel-01/HoistMotorB/Temperature", "CEL", "°C", 0, 200, 94.0),
                Var.analog("Shovel-01/HoistGearbox/OilTemp", "CEL", "°C", 0, 150, 61.0),
                Var.analog("Shovel-01/SwingMotor/WindingTemp", "CEL", "°C", 0, 200, 88.0),
                Var.analog("Shovel-01/Dipper/Payload", "TNE", "t", 0, 150, 98.0),
                Var.analog("Shovel-01/Dipper/CycleTime", "SEC", "s", 0, 120, 32.0),
                Var.analog("Shovel-01/Machine/OperatingHours", "HUR", "h", nan, nan, 51234.0),
                Var.plain("Shovel-01/Machine/State", NodeIds.String, "running"),
                Var.plain("Shovel-01/Counters/DigCycles", NodeIds.UInt32, Unsigned.uint(1_204_551)),
                Var.analog("Shovel-01/Cab/AirTemp", "CEL", "°C", -40, 60, 21.0),
                Var.plain("Shovel-01/Operator", NodeIds.String, "J. Wang"),
                Var.analog("Shovel-01-HoistDrive/IGBT/HeatsinkTemperature", "CEL", "°C", -20, 150, 55.0),
                Var.analog("Shovel-01-HoistDrive/IGBT/JunctionTemperature", "CEL", "°C", -20, 200, 92.0),
                Var.analog("Shovel-01-HoistDrive/DCLink/Voltage", "VLT", "V", 0, 2500, 1480.0),
                Var.analog("Shovel-01-HoistDrive/Cooling/FanSpeed", "RPM", "rpm", 0, 5000, 3050.0),
                Var.analog("Truck-07/Engine/CoolantTemp", "FAH", "°F", 0, 300, 190.0),
                Var.analog("Truck-07/Engine/OilPressure", "PS", "psi", 0, 150, 62.0),
                Var.analog("Truck-07/Engine/Temperature", "CEL", "°C", 0, 900, 520.0),
                Var.analog("Weather/AmbientTemperature", "CEL", "°C", -50, 60, -12.0),
                Var.analog("Gateway/Diagnostics/CpuLoad", "P1", "%", 0, 100, 12.0)),
                3, 4);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void discoverDraftsWhatCheckAcceptsAfterTwoEditsAndRunIngestsIt() throws Exception {
        Path site = dir.resolve("site");
        CliRun discover = CliRun.of("discover", "--url", server.url(), "--security", "None", "--out", site.toString(),
                "--asset-types", ASSET_TYPES.toString(), "--namespace", "pit", "--max-references-per-node", "2");
        assertEquals(0, discover.exitCode(), discover.out() + discover.err());
        String out = discover.out();
        System.out.print(out);
        // The server takes 3 nodes per Browse: no request carried more; 2 references per node: continuation points.
        Matcher scan = Pattern.compile("(\\d+) variables in (\\d+) objects \\((\\d+) Browse and (\\d+) BrowseNext"
                + " requests, at most (\\d+) nodes each\\)").matcher(out);
        assertTrue(scan.find(), out);
        assertEquals(23, Integer.parseInt(scan.group(1)), out);
        assertTrue(Integer.parseInt(scan.group(4)) > 0, "continuation points were followed: " + out);
        assertTrue(Integer.parseInt(scan.group(5)) <= 3, "MaxNodesPerBrowse respected: " + out);

        String config = Files.readString(site.resolve("minetwin.yaml"));
        String fleet = Files.readString(site.resolve("fleet.yaml"));
        System.out.print(fleet + config);
        Map<String, String> mapped = mappings(config);
        assertEquals("shovel-01 hoist-motor.winding-temp", mapped.get(id("Shovel-01/HoistMotor/Temperature")), config);
        assertEquals("shovel-01 hoist-motor.bearing-temp", mapped.get(id("Shovel-01/HoistMotor/BearingTemperature")));
        assertEquals("shovel-01 hoist-motor-2.winding-temp", mapped.get(id("Shovel-01/HoistMotorB/Temperature")));
        assertEquals("shovel-01 hoist-motor.de-bearing-vibration",
                mapped.get(id("Shovel-01/HoistMotor/DEBearingVibration")));
        assertEquals("shovel-01 machine.state", mapped.get(id("Shovel-01/Machine/State")));
        assertEquals("shovel-01-hoist-drive dc-link.voltage", mapped.get(id("Shovel-01-HoistDrive/DCLink/Voltage")));
        assertEquals("truck-07 engine.coolant-temp", mapped.get(id("Truck-07/Engine/CoolantTemp")));
        assertEquals("truck-07 engine.oil-pressure", mapped.get(id("Truck-07/Engine/OilPressure")));
        for (String unknown : List.of("Shovel-01/Operator", "Shovel-01/Cab/AirTemp", "Weather/AmbientTemperature",
                "Gateway/Diagnostics/CpuLoad", "Shovel-01/Counters/DigCycles")) {
            assertTrue(!mapped.containsKey(id(unknown)) && config.contains("#   Objects/" + unknown + " ("),
                    unknown + " is listed as unmatched:\n" + config);
        }
        assertTrue(fleet.contains("shovel-01:\n    type: electric-shovel"), fleet);
        assertTrue(fleet.contains("truck-07:\n    type: haul-truck"), fleet);
        assertTrue(fleet.contains("parent: {twin: shovel-01, component: hoist-motor, position: hoist}"), fleet);
        assertTrue(config.contains("CHECK "), "uncertain guesses are marked:\n" + config);
        int found = Integer.parseInt(scan.group(1));
        int matched = mapped.size();

        // What a person corrects, knowing the site: the truck's plain 'Engine/Temperature' (EURange up to 900 degC)
        // is the left exhaust bank, not the oil; and the shovel's dig counter is the machine's cycle count.
        int edits = 0;
        String guessed = "- node: \"" + id("Truck-07/Engine/Temperature") + "\"\n          twin: \"pit:truck-07\"\n"
                + "          channel: engine.oil-temp\n";
        assertTrue(config.contains(guessed), config);
        config = config.replace(guessed, guessed.replace("engine.oil-temp", "engine.exhaust-temp-left"));
        edits++;
        config = config.replace("      mappings:\n", "      mappings:\n"
                + "        - node: \"" + id("Shovel-01/Counters/DigCycles") + "\"\n"
                + "          twin: pit:shovel-01\n"
                + "          channel: machine.cycles\n");
        edits++;
        Files.writeString(site.resolve("minetwin.yaml"), config);

        CliRun check = CliRun.of("check", "--config", site.resolve("minetwin.yaml").toString());
        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains("converted degF -> degC"), check.out());
        assertTrue(check.out().contains("no problems"), check.out());
        System.out.printf("discover against a site layout: %d nodes found, %d matched by discover, %d edited by hand"
                + " (%s)%n", found, matched, edits, scan.group());

        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(2);
        server.set("Shovel-01/HoistMotor/BearingTemperature", 167.0, t);
        server.set("Truck-07/Engine/Temperature", 540.0, t);
        CliRun run = CliRun.of("run", "--config", site.resolve("minetwin.yaml").toString(), "--for", "3s",
                "--status-every", "1s");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        try (Store store = Store.open(site.resolve("data"), StoreOptions.defaults())) {
            var bearing = store.history().read(SeriesKey.of(TwinId.parse("pit:shovel-01"), "hoist-motor.bearing-temp"),
                    0, Long.MAX_VALUE);
            assertTrue(bearing.size() >= 1, "bearing temperature ingested");
            assertEquals(75.0, bearing.value(bearing.size() - 1), 1e-9, "167 degF as degC");
            var exhaust = store.history().read(SeriesKey.of(TwinId.parse("pit:truck-07"), "engine.exhaust-temp-left"),
                    0, Long.MAX_VALUE);
            assertEquals(540.0, exhaust.value(exhaust.size() - 1), 1e-9);
            var cycles = store.history().read(SeriesKey.of(TwinId.parse("pit:shovel-01"), "machine.cycles"),
                    0, Long.MAX_VALUE);
            assertEquals(1_204_551.0, cycles.value(cycles.size() - 1), 1e-9);
        }
    }

    @Test
    void checkNamesEveryProblemAndExitsOneAndRefusesABadConfigWithTwo() throws Exception {
        Path site = dir.resolve("broken");
        assertEquals(0, CliRun.of("discover", "--url", server.url(), "--security", "None", "--out", site.toString(),
                "--asset-types", ASSET_TYPES.toString()).exitCode());
        Path file = site.resolve("minetwin.yaml");
        String config = Files.readString(file).replace("      mappings:\n", "      mappings:\n"
                + "        - node: \"" + id("Shovel-01/Operator") + "\"\n"           // text into a number channel
                + "          twin: site:shovel-01\n"
                + "          channel: dipper.energy-per-cycle\n"
                + "        - node: \"" + id("Shovel-01/NoSuchNode") + "\"\n"         // a node that does not exist
                + "          twin: site:shovel-01\n"
                + "          channel: hoist-rope.tonnage\n"
                + "        - node: \"" + id("Weather/AmbientTemperature") + "\"\n"  // a degC node on a kW channel
                + "          twin: site:shovel-01\n"
                + "          channel: hoist-motor.power\n");
        Files.writeString(file, config);
        CliRun check = CliRun.of("check", "--config", file.toString());
        assertEquals(1, check.exitCode(), check.out() + check.err());
        String out = check.out();
        assertTrue(out.contains("data type String does not suit channel type number"), out);
        assertTrue(out.contains("does not exist on the server"), out);
        assertTrue(out.contains("cannot be converted to 'kW'"), out);
        assertTrue(out.contains("dipper.energy-per-cycle") && out.contains("3 problems"), out);

        Files.writeString(file, config.replace("security: None", "security: Basic512"));
        CliRun bad = CliRun.of("check", "--config", file.toString());
        assertEquals(2, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.err().contains("minetwin.yaml:") && bad.err().contains("Basic512"), bad.err());
    }

    private String id(String path) {
        return server.nodeId(path);
    }

    /** Node id to "twin component.channel" for every mapping of a draft. */
    private static Map<String, String> mappings(String config) {
        var out = new LinkedHashMap<String, String>();
        Matcher m = Pattern.compile("- node: \"([^\"]+)\"\n\\s+twin: \"?\\w+:([^\"\n]+)\"?\n\\s+channel: (\\S+)")
                .matcher(config);
        while (m.find()) {
            out.put(m.group(1), m.group(2) + " " + m.group(3));
        }
        return out;
    }
}
