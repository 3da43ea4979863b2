package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.connectors.opcua.EndpointStatus;
import io.minetwin.connectors.opcua.OpcUaConnector;
import io.minetwin.engine.command.CommandService;
import io.minetwin.engine.command.TwinFeed;
import io.minetwin.engine.command.CommandServiceIT;
import io.minetwin.engine.command.OpcuaCommandWriter;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Quality;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.opcua.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The machine view's command panel in headless Chromium, against a real OPC UA server reached through the engine's
 * connector: an operator requests a two-person derate, the same operator cannot confirm it, a second operator
 * confirms it from the panel, and the panel shows it written and verified.
 */
class CommandPanelBrowserIT {

    static final TwinId TRUCK = TwinId.parse("baiyun:truck-01");
    static final String DERATE = "baiyun/truck-01/engine/derate";

    static TestServer opcua;
    static OpcUaConnector connector;
    static Store store;
    static ApiServer server;
    static HeadlessBrowser browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessBrowser.start();
        Path dir = Files.createTempDirectory("command-panel");
        opcua = new TestServer(Map.of(DERATE, "", "baiyun/truck-01/engine/fan-limit", ""), false);
        opcua.set(DERATE, 0, Instant.now());
        opcua.set("baiyun/truck-01/engine/fan-limit", 100, Instant.now());
        opcua.acceptWrites(DERATE, true);
        var twins = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        twins.register(new TwinDefinition(TRUCK, CommandServiceIT.truckType(), TwinAttributes.NONE));
        twins.apply(List.of(Sample.good(SeriesKey.of(TRUCK, "machine.state"), Instant.now(), Value.of("idle"))));
        connector = TwinFeed.start(twins, "pit", opcua.url(), dir.resolve("pki"), 50, c -> c);
        SeriesKey derate = SeriesKey.of(TRUCK, "engine.derate");
        browser.await(() -> connector.status().state() == EndpointStatus.State.CONNECTED && twins.twin(TRUCK)
                .flatMap(t -> t.channel(derate)).map(c -> c.latest().quality() instanceof Quality.Good).orElse(false),
                "the connector to feed the truck");
        store = Store.inMemory(StoreOptions.defaults());
        var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, new ObjectMapper());
        var tokens = new AccessTokens(List.of(
                new AccessTokens.Entry("alice", Role.OPERATOR, AccessTokens.hash("alice-browser-token")),
                new AccessTokens.Entry("bob", Role.OPERATOR, AccessTokens.hash("bob-browser-token"))));
        AuditLog audit = new AuditLog(dir);
        server = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).withAudit(audit)
                .withCommands(new CommandService(twins, new OpcuaCommandWriter(() -> List.of(connector)),
                        Optional.of(audit), Clock.systemUTC(), CommandService.Settings.DEFAULTS));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (connector != null) {
            connector.close();
        }
        if (opcua != null) {
            opcua.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void anOperatorRequestsATwoPersonDerateAndASecondOperatorConfirmsIt() throws Exception {
        WebDriver driver = browser.driver();
        browser.signIn(base, "alice-browser-token");
        driver.get(base + "/#/twin/" + TRUCK);
        browser.await(() -> !driver.findElements(By.id("command-form")).isEmpty(), "the command panel");
        assertTrue(driver.findElement(By.cssSelector("#commands")).getText().contains("a second person confirms"));
        driver.findElement(By.cssSelector("#command-form select[name=channel] option[value='engine.derate']")).click();
        driver.findElement(By.cssSelector("#command-form input[name=value]")).sendKeys("20");
        driver.findElement(By.cssSelector("#command-form button")).click();
        browser.await(() -> driver.findElement(By.id("command-message")).getText().startsWith("Requested; waiting for a"
                + " second person"), "the request to wait for confirmation");
        browser.await(() -> !driver.findElements(By.cssSelector("#commands button.confirm")).isEmpty(), "Confirm");
        browser.click(By.cssSelector("#commands button.confirm"), "Confirm as the requester");
        browser.await(() -> driver.findElement(By.id("command-message")).getText().startsWith("not confirmed: alice"
                + " requested command"), "the refusal of the requester's own confirmation");
        assertTrue(opcua.writes().isEmpty(), "nothing written yet");
        browser.screenshot("command-awaiting-confirmation");

        driver.findElement(By.id("signout")).click();
        browser.signIn(base, "bob-browser-token");
        driver.get(base + "/#/twin/" + TRUCK);
        browser.await(() -> !driver.findElements(By.cssSelector("#commands button.confirm")).isEmpty(), "Confirm for bob");
        browser.click(By.cssSelector("#commands button.confirm"), "Confirm as the second operator");
        browser.await(() -> driver.findElement(By.id("command-message")).getText()
                .equals("Confirmed, written and verified: engine.derate = 20."), "the verified write");
        browser.await(() -> driver.findElement(By.cssSelector("#commands tbody tr")).getText().contains("verified"),
                "the command listed as verified");
        assertTrue(driver.findElement(By.cssSelector("#commands tbody tr")).getText().contains("alice + bob"));
        assertEquals(List.of(DERATE + "=20.0"), opcua.writes());
        browser.screenshot("command-verified");
    }
}
