package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Sample;
import io.minetwin.model.TwinFixtures;
import io.minetwin.store.Point;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): sign-in,
 * the fleet view, the machine view with its trend chart and live values. Screenshots go to
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String VIEWER_TOKEN = "viewer-token-for-the-browser-test";

    private Path profile;
    private Store store;
    private InMemoryTwinRepository twins;
    private ApiServer server;
    private WebDriver driver;
    private String base;

    @BeforeAll
    void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        var clock = new TwinFixtures.ManualClock(TwinFixtures.T0.plus(Duration.ofDays(2)));
        twins = TwinFixtures.repository(clock);
        store = Store.inMemory(StoreOptions.defaults());
        List<Sample> day = new ArrayList<>();
        for (int minute = 0; minute < 6 * 60; minute++) { // six hours of a warming winding
            double value = 95 + minute * 0.12 + 3 * Math.sin(minute / 9.0);
            day.add(TwinFixtures.good(TwinFixtures.WINDING_TEMP, TwinFixtures.T0.plus(Duration.ofMinutes(minute)), value));
        }
        twins.apply(day, points -> store.history().append(points.stream()
                .map(p -> new Point(p.series(), p.epochMillis(), p.value(), p.quality())).toList()));
        var backend = new ApiBackend(twins, store.history(), store.events(), () -> Map.of(), new ObjectMapper())
                .withLiveInterval(Duration.ofMillis(100));
        var tokens = new AccessTokens(List.of(new AccessTokens.Entry("browser", Role.VIEWER, AccessTokens.hash(VIEWER_TOKEN))));
        server = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);

        profile = Files.createTempDirectory("minetwin-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void plannerSignsInSeesTheFleetAndAMachineWithItsTrend() throws IOException {
        driver.get(base + "/");
        await(() -> !driver.findElements(By.id("token")).isEmpty(), "the sign-in form");
        driver.findElement(By.id("token")).sendKeys("a-wrong-token");
        driver.findElement(By.cssSelector("form button")).click();
        await(() -> driver.findElement(By.id("signin-error")).getText().contains("not valid"), "the refusal of a wrong token");
        screenshot("signin-refused");

        WebElement input = driver.findElement(By.id("token"));
        input.clear();
        input.sendKeys(VIEWER_TOKEN);
        driver.findElement(By.cssSelector("form button")).click();
        await(() -> driver.findElements(By.cssSelector("#fleet tbody tr")).size() == 2, "the fleet table");
        assertEquals(List.of("baiyun:shovel-01", "baiyun:shovel-01-hoist-inverter"),
                driver.findElements(By.cssSelector("#fleet tbody tr")).stream()
                        .map(r -> r.getAttribute("data-twin")).toList());
        screenshot("fleet");

        driver.findElement(By.cssSelector("#fleet tbody tr[data-twin='baiyun:shovel-01']")).click();
        await(() -> !driver.findElements(By.id("twin-title")).isEmpty(), "the machine view");
        driver.findElement(By.cssSelector("tr[data-channel='hoist-motor.winding-temp']")).click();
        await(() -> !driver.findElements(By.cssSelector("svg#trend polyline.line")).isEmpty(), "the trend chart");
        assertTrue(driver.findElements(By.cssSelector("svg#trend line.alarm")).size() >= 1, "alarm limit drawn");

        twins.apply(List.of(TwinFixtures.good(TwinFixtures.WINDING_TEMP, TwinFixtures.T0.plus(Duration.ofHours(7)), 157.5)));
        await(() -> driver.findElement(By.cssSelector("tr[data-channel='hoist-motor.winding-temp']")).getText()
                .contains("157.5"), "the live value");
        assertTrue(driver.findElement(By.cssSelector("tr[data-channel='hoist-motor.winding-temp']")).getText()
                .contains("high alarm"));
        screenshot("machine");
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException stale) {
                // the page is being redrawn; look again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 15 s for " + what + "; page: " + driver.getPageSource());
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
