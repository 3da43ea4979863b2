package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.engine.analytics.MaintenanceImporter;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.config.SimulationLoader;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.simulator.DatasetGenerator;
import io.minetwin.simulator.Records;
import io.minetwin.simulator.RecordsCsv;
import io.minetwin.simulator.SimulationPlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The KPI view in headless Chromium over six simulated weeks of the demo fleet (the simulator's history and
 * maintenance records, and alerts raised two days before some of the planned jobs): the fleet's figures as
 * {@code GET /api/kpi} gives them, the weekly trend, the fleet and supplier comparisons drawn by uPlot, and the
 * machines of one type compared. The screenshot is the README's ({@code docs/images/dashboard-kpi.png}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiDashboardBrowserIT {

    private static final String PLANNER_TOKEN = "planner-token-for-the-kpi-view";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private Store store;
    private ApiServer server;
    private HeadlessBrowser browser;
    private WebDriver driver;
    private String base;
    private int alerts;

    @BeforeAll
    void start() throws Exception {
        browser = HeadlessBrowser.start();
        driver = browser.driver();
        dir = Files.createTempDirectory("minetwin-kpi-view-");
        EngineConfig config = EngineConfig.load(Path.of("..", "config", "minetwin.yaml"));
        SimulationPlan plan = SimulationLoader.load(config.fleetFile(), config.loadAssetTypes());
        Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(42));
        SimulationPlan seeded = new SimulationPlan(plan.fleet(), plan.settings().withStart(from), plan.twins(),
                plan.seed());
        SeriesKey[] keys = seeded.simulation(7, new Records.Listener() { }).series().toArray(SeriesKey[]::new);
        store = Store.inMemory(StoreOptions.defaults());
        List<Point> points = new ArrayList<>();
        DatasetGenerator.Result result = DatasetGenerator.generate(seeded, 7, Duration.ofDays(42),
                Duration.ofMinutes(10), 50_000, batch -> {
                    points.clear();
                    for (int i = 0; i < batch.size(); i++) {
                        points.add(new Point(keys[batch.series(i)], batch.time(i), batch.value(i), QualityLevel.GOOD));
                    }
                    store.history().append(points);
                });
        RecordsCsv.write(dir, result.maintenance(), result.failures(), result.sensorFaults());
        new MaintenanceImporter().importFile(dir.resolve(RecordsCsv.MAINTENANCE), store.events());
        // Alerts two days before planned jobs on components: the downtime they avoided.
        List<Event> raised = new ArrayList<>();
        for (Event m : store.events().query(EventKind.MAINTENANCE, Optional.empty(), from, Instant.now())) {
            if (raised.size() < 6 && !"machine".equals(m.component()) && m.time().isAfter(from.plus(Duration.ofDays(3)))
                    && Set.of("inspection", "replacement").contains(m.details().get("action"))) {
                Instant at = m.time().minus(Duration.ofDays(2));
                raised.add(new AlertEvent(at, m.twin(), m.component(), AlertEvent.id(m.twin(), m.component(), at),
                        AlertEvent.Action.RAISED, AlertLevel.WARNING, AlertLevel.OK, Map.of(), Optional.empty(),
                        Optional.empty()).toEvent());
            }
        }
        store.events().append(raised);
        // An IGBT failure of the domestic substitute and of the original, so the supplier comparison has both.
        for (String twin : List.of("baiyun:truck-13-left-inverter", "baiyun:truck-01-right-inverter")) {
            store.events().append(List.of(new Event(from.plus(Duration.ofDays(20)), io.minetwin.model.TwinId.parse(twin),
                    "igbt", EventKind.FAILURE, Map.of("action", "failure-repair", "mode", "bond-wire-lift-off"))));
        }
        alerts = raised.size();
        var twins = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        plan.fleet().twins().values().forEach(twins::register);
        var costs = DowntimeCosts.from(Map.of("currency", "USD",
                "electric-shovel", Map.of("downtimePerHour", 12000, "downtimeHours", 36),
                "haul-truck", Map.of("downtimePerHour", 2500, "downtimeHours", 12),
                "drive-inverter", Map.of("downtimePerHour", 2500, "downtimeHours", 12)), "test");
        var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, JSON).withCosts(costs);
        var tokens = new AccessTokens(List.of(
                new AccessTokens.Entry("kpi-planner", Role.PLANNER, AccessTokens.hash(PLANNER_TOKEN))));
        server = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private JsonNode api(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Authorization", "Bearer " + PLANNER_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void theKpiViewShowsTheFiguresTheTrendAndTheComparisons() throws Exception {
        browser.signIn(base, PLANNER_TOKEN);
        browser.await(() -> !driver.findElements(By.id("fleet")).isEmpty(), "the fleet page");
        driver.findElement(By.cssSelector("a[data-nav='kpi']")).click();
        browser.await(() -> !driver.findElements(By.cssSelector("#kpi-trend .uplot canvas")).isEmpty()
                && !driver.findElements(By.cssSelector("#kpi-compare .uplot canvas")).isEmpty()
                && !driver.findElements(By.cssSelector("#kpi-suppliers .uplot canvas")).isEmpty(), "the three charts");

        String from = driver.findElement(By.id("kpi")).getAttribute("data-from");
        String to = driver.findElement(By.id("kpi")).getAttribute("data-to");
        JsonNode fleet = api("/api/kpi?from=" + from + "&to=" + to).get("fleet");
        String figures = driver.findElement(By.id("kpi-fleet")).getText();
        assertTrue(figures.contains(String.format(Locale.ROOT, "%.1f %%", fleet.get("availability").asDouble() * 100)),
                "the fleet's availability as the API gives it: " + figures + " / " + fleet);
        assertTrue(figures.contains(String.format(Locale.ROOT, "%.3f kWh/t", fleet.get("energy_kwh_per_tonne").asDouble())),
                figures);
        assertEquals(alerts, fleet.get("alerts_to_planned_work").asInt(), "every alert was followed by its planned job");
        assertTrue(alerts > 0 && figures.contains("downtime avoided (" + alerts + " alerts)"), figures);
        assertTrue(fleet.get("downtime_cost_avoided").asDouble() > 0, fleet.toString());

        JsonNode weeks = api("/api/kpi?group=week&from=" + from + "&to=" + to).get("items");
        assertTrue(weeks.size() >= 6 && weeks.size() <= 7, "the six simulated weeks, no empty ones: " + weeks);
        String legend = driver.findElement(By.cssSelector("#kpi-trend .u-legend")).getText().toLowerCase(Locale.ROOT);
        assertTrue(legend.contains("availability") && legend.contains("kwh per tonne"), legend);
        String suppliers = driver.findElement(By.id("kpi-supplier-table")).getText();
        assertTrue(suppliers.contains("CRRC Times Electric (domestic substitute)") && suppliers.contains("Infineon"),
                "the domestic substitute beside the original: " + suppliers);
        // the whole view in one picture, for the README
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1500));
        browser.scrollToTop();
        browser.screenshot("kpi");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));

        driver.findElement(By.cssSelector("#kpi-type option[value='haul-truck']")).click();
        browser.await(() -> driver.findElement(By.id("kpi")).getText().contains("haul-truck: machines compared")
                && !driver.findElements(By.cssSelector("#kpi-compare .uplot canvas")).isEmpty(), "the trucks compared");
        String compare = driver.findElement(By.cssSelector("#kpi-compare .u-legend")).getText().toLowerCase(Locale.ROOT);
        assertTrue(compare.contains("availability") && compare.contains("utilisation"), compare);
        JsonNode trucks = api("/api/kpi?group=asset&type=haul-truck&from=" + from + "&to=" + to).get("items");
        assertEquals(16, trucks.size(), "the demo fleet's 16 trucks");
        assertTrue(trucks.get(0).get("haul_litres_per_tonne").asDouble() > 0, trucks.get(0).toString());
    }
}
