package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.ParentLink;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.TwinFixtures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's fleet view as a tree, in a real browser: machines with what is installed in them nested beneath
 * (not listed beside them as machines), folded and unfolded, and grouped by site and area.
 */
class FleetTreeBrowserIT {

    private static final String TOKEN = "viewer-token-for-the-fleet-tree";

    @Test
    void machinesShowTheirDrivesBeneathThemAndGroupBySiteAndArea() throws Exception {
        var clock = new TwinFixtures.ManualClock(TwinFixtures.T0);
        InMemoryTwinRepository twins = TwinFixtures.repository(clock);
        var shovel = TwinFixtures.shovel();
        TwinId second = TwinId.parse("baiyun:shovel-02");
        twins.register(new TwinDefinition(second, shovel.type(), new TwinAttributes("4100XPC", "Baiyun iron mine", "",
                Optional.empty(), Map.of(), Optional.empty(), "South pit")));
        for (String position : List.of("hoist", "swing")) {
            twins.register(new TwinDefinition(TwinId.parse("baiyun:shovel-02-" + position + "-inverter"),
                    TwinFixtures.inverterType(), new TwinAttributes("ACS6080", "Baiyun iron mine", "",
                    Optional.empty(), Map.of(), Optional.of(new ParentLink(second, "hoist-motor", position)))));
        }
        twins.updateHealth(TwinFixtures.HOIST_INVERTER, "igbt", TwinFixtures.health(TwinFixtures.T0, 30,
                AlertLevel.WARNING));
        try (HeadlessBrowser browser = HeadlessBrowser.start();
             Store store = Store.inMemory(StoreOptions.defaults())) {
            var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, new ObjectMapper());
            var server = new ApiServer(backend, new AccessTokens(List.of(new AccessTokens.Entry("viewer", Role.VIEWER,
                    AccessTokens.hash(TOKEN)))), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            try {
                String base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
                browser.signIn(base, TOKEN);
                browser.await(() -> rows(browser).size() == 5, "the fleet table");
                // Machines first by risk (the shovel whose inverter is at warning), each with its drives beneath.
                assertEquals(List.of("baiyun:shovel-01", "baiyun:shovel-01-hoist-inverter", "baiyun:shovel-02",
                        "baiyun:shovel-02-hoist-inverter", "baiyun:shovel-02-swing-inverter"),
                        rows(browser).stream().map(r -> r.getAttribute("data-twin")).toList());
                WebElement drive = rows(browser).get(1);
                assertTrue(drive.getAttribute("class").contains("child"), drive.getAttribute("class"));
                assertEquals("baiyun:shovel-01", drive.getAttribute("data-parent"));
                assertEquals("", drive.findElement(By.cssSelector("td")).getText(), "drives have no rank of their own");
                String summary = browser.driver().findElement(By.id("fleet-summary")).getText();
                assertTrue(summary.startsWith("2 machines (and 3 drives and other twins installed in them)"), summary);

                browser.click(By.cssSelector("#fleet tr[data-twin='baiyun:shovel-02'] button.toggle"), "fold shovel-02");
                browser.await(() -> rows(browser).size() == 3, "shovel-02's drives folded away");
                browser.click(By.cssSelector("#fleet tr[data-twin='baiyun:shovel-02'] button.toggle"), "unfold it");
                browser.await(() -> rows(browser).size() == 5, "and back");

                browser.click(By.cssSelector("#fleet-group option[value='area']"), "grouped by site and area");
                browser.await(() -> browser.driver().findElements(By.cssSelector("#fleet tr.group")).size() == 2,
                        "a heading per site and area");
                List<String> groups = browser.driver().findElements(By.cssSelector("#fleet tr.group")).stream()
                        .map(WebElement::getText).toList();
                assertEquals(List.of("Baiyun iron mine — 1 machine", "Baiyun iron mine · South pit — 1 machine"),
                        groups);
                browser.screenshot("fleet-tree");
            } finally {
                server.close();
            }
        }
    }

    private static List<WebElement> rows(HeadlessBrowser browser) {
        return browser.driver().findElements(By.cssSelector("#fleet tbody tr[data-twin]"));
    }
}
