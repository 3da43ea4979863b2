package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Sample;
import io.minetwin.testkit.TwinFixtures;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.Event;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), in order:
 * a wrong token refused, the fleet ranked by risk with live health, the machine view with its uPlot trend,
 * limits, forecast and live values, acknowledging an alert, the work orders and models views. Screenshots
 * go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final String PLANNER_TOKEN = "planner-token-for-the-browser-test";
    static final java.time.Instant FORECAST = TwinFixtures.T0.plus(Duration.ofHours(6));
    static final String ALERT = "baiyun:shovel-01.hoist-motor." + TwinFixtures.T0.plus(Duration.ofHours(5)).toEpochMilli();

    private Path models;
    private Store store;
    private InMemoryTwinRepository twins;
    private ApiServer server;
    private HeadlessBrowser browser;
    private WebDriver driver;
    private String base;

    @BeforeAll
    void start() throws IOException {
        browser = HeadlessBrowser.start();
        driver = browser.driver();
        var clock = new TwinFixtures.ManualClock(TwinFixtures.T0.plus(Duration.ofDays(2)));
        twins = TwinFixtures.repository(clock);
        store = Store.inMemory(StoreOptions.defaults());
        List<Sample> day = new ArrayList<>();
        for (int minute = 0; minute < 6 * 60; minute++) { // six hours of a warming winding
            double value = 95 + minute * 0.12 + 3 * Math.sin(minute / 9.0);
            day.add(TwinFixtures.good(TwinFixtures.WINDING_TEMP, TwinFixtures.T0.plus(Duration.ofMinutes(minute)), value));
        }
        twins.apply(day, store.history()::append);
        twins.updateHealth(TwinFixtures.SHOVEL, "hoist-motor", TwinFixtures.health(FORECAST, 58, AlertLevel.WARNING));
        var p = new LinkedHashMap<String, Double>();
        p.put("72h", 0.02);
        p.put("7d", 0.08);
        twins.updateHealth(TwinFixtures.HOIST_INVERTER, "igbt", new ComponentHealth(FORECAST, 81, p, Optional.empty(),
                AlertLevel.WATCH, List.of(), "drive-inverter/igbt@1"));
        store.events().append(List.of(PlannerApiIT.alertEvent(TwinFixtures.T0.plus(Duration.ofHours(5)), "baiyun:shovel-01",
                "hoist-motor", ALERT, "raised", "warning", "watch")));
        models = Files.createTempDirectory("minetwin-browser-models-");
        var registry = new ModelRegistry(models, Clock.systemUTC());
        TestModels.register(registry, "electric-shovel.hoist-motor", 10);
        TestModels.register(registry, "electric-shovel.hoist-motor", 9);
        var costs = DowntimeCosts.from(Map.of("currency", "USD",
                "electric-shovel", Map.of("downtimePerHour", 12000, "downtimeHours", 36)), "test");
        var backend = new ApiBackend(twins, store.history(), store.events(), () -> Map.of(), new ObjectMapper())
                .withLiveInterval(Duration.ofMillis(100)).withCosts(costs).withModels(registry).withClock(clock);
        var tokens = new AccessTokens(List.of(
                new AccessTokens.Entry("browser-planner", Role.PLANNER, AccessTokens.hash(PLANNER_TOKEN))));
        server = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);

    }

    @AfterAll
    void stop() {
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

    @Test
    @Order(1)
    void aWrongTokenIsRefused() throws IOException {
        driver.get(base + "/");
        await(() -> !driver.findElements(By.id("token")).isEmpty(), "the sign-in form");
        driver.findElement(By.id("token")).sendKeys("a-wrong-token");
        driver.findElement(By.cssSelector("form button")).click();
        await(() -> driver.findElement(By.id("signin-error")).getText().contains("not valid"), "the refusal of a wrong token");
        assertTrue(driver.findElements(By.id("fleet")).isEmpty(), "no fleet without a valid token");
        screenshot("signin-refused");
    }

    @Test
    @Order(2)
    void plannerSeesTheFleetRankedByRiskWithLiveHealth() throws IOException {
        signIn(PLANNER_TOKEN);
        await(() -> driver.findElements(By.cssSelector("#fleet tbody tr")).size() == 2, "the fleet table");
        assertEquals(List.of("baiyun:shovel-01", "baiyun:shovel-01-hoist-inverter"),
                driver.findElements(By.cssSelector("#fleet tbody tr")).stream()
                        .map(r -> r.getAttribute("data-twin")).toList(), "ranked by expected cost of failure");
        WebElement shovel = driver.findElement(By.cssSelector("#fleet tr[data-twin='baiyun:shovel-01']"));
        assertTrue(shovel.getText().contains("WARNING"), shovel.getText());
        assertTrue(shovel.getText().contains("hoist-motor"), shovel.getText());
        assertTrue(shovel.getText().contains("25 %"), shovel.getText());
        assertTrue(shovel.getText().contains("108,000 USD"), shovel.getText());
        String summary = driver.findElement(By.id("fleet-summary")).getText();
        assertTrue(summary.endsWith("ranked by expected cost of failure within 7d"), summary);
        screenshot("fleet");

        var p = new LinkedHashMap<String, Double>();
        p.put("72h", 0.6);
        p.put("7d", 0.9);
        twins.updateHealth(TwinFixtures.HOIST_INVERTER, "igbt", new ComponentHealth(FORECAST, 15, p, Optional.empty(),
                AlertLevel.CRITICAL, List.of(new ComponentHealth.Signal("igbt.heatsink-temp.mean.6h",
                "igbt heatsink-temp: mean over 6 h", 0.8)), "drive-inverter/igbt@1"));
        await(() -> "critical".equals(driver.findElement(By.cssSelector("#fleet tr[data-twin='baiyun:shovel-01-hoist-inverter']"))
                .getAttribute("data-alert")), "the live health update of the inverter");
    }

    @Test
    @Order(3)
    void machineViewDrawsTheTrendWithLimitsAndForecastAndLiveValues() throws IOException {
        driver.get(base + "/#/");
        await(() -> !driver.findElements(By.cssSelector("#fleet tr[data-twin='baiyun:shovel-01']")).isEmpty(), "the fleet");
        click(By.cssSelector("#fleet tr[data-twin='baiyun:shovel-01']"), "the shovel's row");
        await(() -> !driver.findElements(By.id("twin-title")).isEmpty(), "the machine view");
        await(() -> driver.findElement(By.id("forecasts")).getText().contains("de-bearing-vibration: slope over 24 h"),
                "the signals behind the forecast");
        click(By.cssSelector("tr[data-channel='hoist-motor.winding-temp']"), "the winding temperature's row");
        await(() -> !driver.findElements(By.cssSelector("#trend .uplot canvas")).isEmpty(), "the uPlot trend chart");
        assertEquals("marked", driver.findElement(By.id("trend")).getAttribute("data-forecast"));
        String legend = driver.findElement(By.cssSelector("#trend .u-legend")).getText().toLowerCase(java.util.Locale.ROOT);
        assertTrue(legend.contains("high alarm") && legend.contains("high warning"), "limits drawn: " + legend);

        twins.apply(List.of(TwinFixtures.good(TwinFixtures.WINDING_TEMP, TwinFixtures.T0.plus(Duration.ofHours(7)), 157.5)));
        await(() -> driver.findElement(By.cssSelector("tr[data-channel='hoist-motor.winding-temp']")).getText()
                .contains("157.5"), "the live value");
        assertTrue(driver.findElement(By.cssSelector("tr[data-channel='hoist-motor.winding-temp']")).getText()
                .contains("high alarm"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        screenshot("machine");
    }

    @Test
    @Order(4)
    void plannerAcknowledgesAnAlertFromTheMachineView() throws IOException {
        driver.get(base + "/#/twin/baiyun:shovel-01");
        By row = By.cssSelector("#alerts tr[data-alert='" + ALERT + "']");
        await(() -> !driver.findElements(row).isEmpty(), "the alert history");
        await(() -> {
            WebElement comment = driver.findElement(row).findElement(By.cssSelector("input.ack-comment"));
            comment.clear();
            comment.sendKeys("bearing inspection booked, Tuesday");
            driver.findElement(row).findElement(By.cssSelector("button[type=submit]")).click();
            return true;
        }, "the acknowledge form");
        await(() -> driver.findElement(row).findElement(By.cssSelector("td.ack")).getText()
                .contains("browser-planner: “bearing inspection booked, Tuesday”"), "the acknowledgement");
        Event ack = store.events().query(Optional.of(TwinFixtures.SHOVEL), java.time.Instant.MIN, java.time.Instant.MAX)
                .stream().filter(e -> "acknowledged".equals(e.details().get("action"))).findFirst().orElseThrow();
        assertEquals("browser-planner", ack.details().get("user"));
        assertEquals("bearing inspection booked, Tuesday", ack.details().get("comment"));
        WebElement alerts = driver.findElement(By.id("alerts"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", alerts);
        screenshot("alert-acknowledged");
    }

    @Test
    @Order(5)
    void workOrdersAndModelsViews() throws IOException {
        driver.get(base + "/#/work-orders");
        await(() -> driver.findElements(By.cssSelector("#work-orders tbody tr")).size() == 2, "the work orders");
        assertTrue(driver.findElement(By.id("work-orders")).getText().contains("igbt heatsink-temp: mean over 6 h"));
        screenshot("work-orders");

        driver.get(base + "/#/models");
        await(() -> !driver.findElements(By.cssSelector("[data-model='electric-shovel.hoist-motor']")).isEmpty(), "the models");
        String models = driver.findElement(By.cssSelector("[data-model='electric-shovel.hoist-motor']")).getText().toLowerCase(java.util.Locale.ROOT);
        assertTrue(models.contains("evaluation: rmse"), models);
        assertTrue(models.contains("candidate"), models);
        screenshot("models");
    }

    private void click(By by, String what) {
        browser.click(by, what);
    }

    private void signIn(String token) {
        browser.signIn(base, token);
    }

    private void await(java.util.function.BooleanSupplier condition, String what) {
        browser.await(condition, what);
    }

    private void screenshot(String name) throws IOException {
        browser.screenshot(name);
    }
}
