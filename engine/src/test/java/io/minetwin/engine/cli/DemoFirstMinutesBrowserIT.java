package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.engine.api.HeadlessBrowser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The first minutes of {@code minetwin demo} on a fresh data folder, as a planner sees them in a browser: the fleet
 * page is ranked from the first scoring pass (life priors, before any model is trained) and never shows
 * {@code null}, {@code undefined} or {@code NaN}. The screenshot {@code target/screenshots/demo-first-forecasts.png}
 * is the README's picture of that moment.
 */
class DemoFirstMinutesBrowserIT {

    private static final Pattern URL = Pattern.compile("dashboard and API: (https://[\\d.]+:\\d+)/");
    private static final Pattern PLANNER = Pattern.compile("(?m)^  planner  ([A-Za-z0-9_-]{20,})$");
    private static final Pattern RANKED = Pattern.compile(
            "forecasts: the fleet is ranked, (\\d+) forecasts \\((\\d+) from life priors, (\\d+) from models\\) ([\\d.]+) s");

    @TempDir
    Path dir;

    @Test
    void aFreshDemoShowsARankedFleetFromLifePriorsBeforeAnyModelIsTrained() throws Exception {
        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var cli = Main.newCommandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            long started = System.nanoTime();
            CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> cli.execute("demo", "--home", "..",
                    "--data", dir.resolve("demo").toString(), "--for", "40s", "--opcua-port", "0", "--http-port", "0",
                    "--scada-port", "0", "--status-every", "1m", "--no-train-models"));

            String base = awaitMatch(out, URL, demo, err).group(1);
            String token = awaitMatch(out, PLANNER, demo, err).group(1);
            browser.signIn(base, token);
            browser.await(() -> browser.driver().findElements(By.cssSelector("#fleet tbody tr")).size() == 72,
                    "the 72 twins of the demo fleet", Duration.ofSeconds(60));
            browser.await(() -> browser.driver().findElement(By.id("fleet-summary")).getText()
                    .contains("ranked by expected cost of failure within 7d"), "the ranked fleet", Duration.ofSeconds(90));
            double seconds = (System.nanoTime() - started) / 1e9;
            Matcher ranked = awaitMatch(out, RANKED, demo, err);
            assertEquals(0, Integer.parseInt(ranked.group(3)), "no model is trained in this demo: " + ranked.group());
            assertTrue(Integer.parseInt(ranked.group(2)) >= 72, "every machine has a prior forecast: " + ranked.group());

            // The scorer's first pass reaches the page as a few bursts of forecasts: wait for the last one.
            browser.await(() -> fleetRows(browser).stream().noneMatch(r -> r.contains("NO FORECAST")),
                    "a forecast for every machine", Duration.ofSeconds(15));
            List<String> rows = fleetRows(browser);
            String top = rows.get(0);
            assertTrue(top.contains("prior"), "the top row says its forecast is a prior: " + top);
            long withoutForecast = rows.stream().filter(r -> r.contains("NO FORECAST")).count();
            assertEquals(0, withoutForecast, "machines still without a forecast");
            browser.screenshot("demo-first-forecasts");
            System.out.printf("demo: the browser showed the ranked fleet %.1f s after the demo started (%s)%n",
                    seconds, ranked.group());

            assertEquals(0, demo.get(90, TimeUnit.SECONDS), err.toString());
        }
    }

    /**
     * The fleet table's rows as text. The page redraws the table when a burst of forecasts arrives, which can
     * happen while the rows are read (a row read then is stale): the rows are then read again.
     */
    private static List<String> fleetRows(HeadlessBrowser browser) {
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.driver().findElements(By.cssSelector("#fleet tbody tr")).stream()
                        .map(WebElement::getText).toList();
            } catch (StaleElementReferenceException redrawn) {
                if (attempt == 10) {
                    throw redrawn;
                }
            }
        }
    }

    /** Waits, with a deadline, for the demo to print a line matching {@code pattern}. */
    private static Matcher awaitMatch(StringWriter out, Pattern pattern, CompletableFuture<Integer> demo,
            StringWriter err) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Matcher m = pattern.matcher(out.toString());
            if (m.find()) {
                return m;
            }
            if (demo.isDone()) {
                throw new AssertionError("the demo ended before printing " + pattern + ": "
                        + Optional.ofNullable(demo.getNow(null)) + "\n" + out + "\n" + err);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 120 s for " + pattern + ": " + out);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
