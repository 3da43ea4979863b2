package io.minetwin.connectors.ditto;

import io.minetwin.testkit.ditto.DittoTestEndpoint;

import static io.minetwin.testkit.ditto.DittoTestEndpoint.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AlertLevel;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Sample;
import io.minetwin.testkit.TwinFixtures;
import io.minetwin.model.Value;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Ditto sync against a Ditto-protocol WebSocket endpoint that speaks Ditto's own JSON. */
class DittoConnectorIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ThingId SHOVEL = ThingId.of("org.baiyun", "shovel-01");
    private static final ThingId INVERTER = ThingId.of("org.baiyun", "shovel-01-hoist-inverter");
    private static final JsonPointer WINDING = JsonPointer.of("features/hoist-motor/properties/winding-temp/value");

    private final Instant t0 = Instant.now().minusSeconds(600);
    private DittoTestEndpoint ditto;
    private InMemoryTwinRepository repo;
    private DittoConnector sync;

    @BeforeEach
    void startEndpoint() {
        ditto = new DittoTestEndpoint("ditto", "secret").start(0);
        repo = TwinFixtures.repository(Clock.systemUTC());
    }

    @AfterEach
    void stopAll() {
        if (sync != null) {
            repo.removeListener(sync);
            sync.close();
        }
        ditto.close();
    }

    private DittoSettings settings(String password) {
        return DittoSettings.of(URI.create(ditto.uri()), new DittoSettings.Auth.Basic("ditto", password))
                .withNamespaces(Map.of("baiyun", "org.baiyun"))
                .withPolicyId("org.baiyun:minetwin")
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private void start(DittoSettings settings) {
        sync = new DittoConnector(settings, repo::twin).start();
        repo.addListener(sync);
        sync.syncAll(repo.twins().stream().map(t -> t.id()).toList());
    }

    private void temperature(int i, double value) {
        repo.apply(List.of(Sample.good(TwinFixtures.WINDING_TEMP, t0.plusMillis(i), Value.of(value))));
    }

    private static double winding(JsonObject thing) {
        return thing.getValue(WINDING).map(JsonValue::asDouble).orElse(Double.NaN);
    }

    @Test
    void createsEachTwinAsAThingThenMergesWhatChanged() {
        start(settings("secret"));
        JsonObject inverter = ditto.awaitThing(INVERTER, t -> true, WAIT);
        assertEquals("org.baiyun:minetwin", inverter.getValue("policyId").orElseThrow().asString());
        assertEquals("org.baiyun:shovel-01", inverter.getValue(JsonPointer.of("attributes/parent/thingId"))
                .orElseThrow().asString(), "the parent link names the parent's Ditto thing");
        ditto.awaitThing(SHOVEL, t -> t.getValue("attributes/assetType").isPresent(), WAIT);
        await(() -> sync.status().synced() == 2, WAIT, "both things synced: " + sync.status());

        temperature(1, 97.5);
        JsonObject shovel = ditto.awaitThing(SHOVEL, t -> winding(t) == 97.5, WAIT);
        assertEquals("degC", shovel.getValue(JsonPointer.of("features/hoist-motor/properties/winding-temp/unit"))
                .orElseThrow().asString());
        assertTrue(ditto.count("things.commands:mergeThing") >= 1, "changes go out as merge commands: " + ditto.counts());

        repo.updateHealth(TwinFixtures.SHOVEL, "hoist-motor", TwinFixtures.health(t0, 61.5, AlertLevel.WARNING));
        shovel = ditto.awaitThing(SHOVEL, t -> t.getValue("features/hoist-motor/properties/health/score")
                .isPresent(), WAIT);
        assertEquals("warning", shovel.getValue("features/hoist-motor/properties/health/alertLevel").orElseThrow()
                .asString());
        assertEquals(400.0, shovel.getValue("features/hoist-motor/properties/health/rul/hours").orElseThrow()
                .asDouble());

        // A forecast without RUL: the merge patch deletes the old one rather than leaving it behind.
        var noRul = new io.minetwin.model.ComponentHealth(t0.plusSeconds(1), 55, Map.of("72h", 0.1),
                java.util.Optional.empty(), AlertLevel.WATCH, List.of(), "m@2");
        repo.updateHealth(TwinFixtures.SHOVEL, "hoist-motor", noRul);
        shovel = ditto.awaitThing(SHOVEL, t -> t.getValue("features/hoist-motor/properties/health/score")
                .map(JsonValue::asDouble).orElse(0.0) == 55.0, WAIT);
        assertFalse(shovel.getValue("features/hoist-motor/properties/health/rul").isPresent(), shovel.toString());

        await(() -> sync.status().pendingUpdates() == 0 && sync.status().synced() == 2, WAIT, "all synced");
        DittoStatus s = sync.status();
        assertEquals(DittoStatus.ConnectionState.CONNECTED, s.state());
        assertEquals(2, s.thingsCreated());
        assertEquals(Map.of(), s.errors());
        assertEquals(3, s.changesIn());
    }

    @Test
    void tenThousandUpdatesToOneThingBecomeAFewCommandsWithTheLatestValue() throws Exception {
        start(settings("secret").withMaxUpdatesPerSecond(2));
        await(() -> sync.status().synced() == 2, WAIT, "initial sync");
        long before = ditto.commands();
        for (int i = 1; i <= 10_000; i++) {
            temperature(i, 80 + i * 0.001);
        }
        assertTrue(sync.flush(WAIT), "everything sent: " + sync.status());
        ditto.awaitThing(SHOVEL, t -> winding(t) == 80 + 10_000 * 0.001, WAIT);
        long commands = ditto.commands() - before;
        assertTrue(commands >= 1 && commands <= 10, "10,000 updates went out as " + commands + " commands");
        assertEquals(10_000, sync.status().changesIn());
    }

    @Test
    void keepsChangesWhileDittoIsDownAndResyncsThemOnReconnect() throws Exception {
        start(settings("secret"));
        await(() -> sync.status().synced() == 2, WAIT, "initial sync");

        ditto.stop();
        await(() -> sync.status().state() == DittoStatus.ConnectionState.DISCONNECTED, WAIT, "disconnected");
        temperature(1, 111.0);
        repo.updateHealth(TwinFixtures.SHOVEL, "hoist-motor", TwinFixtures.health(t0, 40, AlertLevel.CRITICAL));
        assertTrue(sync.status().pendingUpdates() >= 1, "the change waits: " + sync.status());

        ditto.start();
        JsonObject shovel = ditto.awaitThing(SHOVEL, t -> winding(t) == 111.0, WAIT);
        assertEquals("critical", shovel.getValue("features/hoist-motor/properties/health/alertLevel").orElseThrow()
                .asString());
        await(() -> sync.status().state() == DittoStatus.ConnectionState.CONNECTED && sync.status().reconnects() == 1,
                WAIT, "reconnected: " + sync.status());
        assertTrue(sync.flush(WAIT));

        // The gateway drops every session: the sync reconnects and the next change arrives.
        ditto.dropConnections();
        await(() -> sync.status().reconnects() == 2, WAIT, "reconnected after the drop: " + sync.status());
        temperature(2, 112.0);
        ditto.awaitThing(SHOVEL, t -> winding(t) == 112.0, WAIT);
        assertTrue(ditto.count("connect") >= 3, ditto.counts().toString());
    }

    @Test
    void dittoErrorsAreCountedExplainedAndRetried() throws Exception {
        start(settings("secret"));
        await(() -> sync.status().synced() == 2, WAIT, "initial sync");

        ditto.failThing(SHOVEL, 403);
        temperature(1, 101.0);
        await(() -> sync.status().errors().getOrDefault(DittoErrorKind.FORBIDDEN, 0L) >= 1, WAIT, "403 counted");
        String last = sync.status().lastError().orElseThrow();
        assertTrue(last.contains(SHOVEL.toString()) && last.contains("WRITE") && last.contains("org.baiyun:minetwin"),
                last);
        ditto.clearFault(SHOVEL);
        ditto.awaitThing(SHOVEL, t -> winding(t) == 101.0, WAIT);

        ditto.failThing(SHOVEL, 401);
        temperature(2, 102.0);
        await(() -> sync.status().errors().getOrDefault(DittoErrorKind.UNAUTHORIZED, 0L) >= 1, WAIT, "401 counted");
        assertTrue(sync.status().lastError().orElseThrow().contains("ditto.password"), sync.status().toString());
        ditto.clearFault(SHOVEL);
        ditto.awaitThing(SHOVEL, t -> winding(t) == 102.0, WAIT);

        ditto.failThing(SHOVEL, 409);
        temperature(3, 103.0);
        await(() -> sync.status().errors().getOrDefault(DittoErrorKind.CONFLICT, 0L) >= 1, WAIT, "409 counted");
        ditto.clearFault(SHOVEL);
        ditto.awaitThing(SHOVEL, t -> winding(t) == 103.0, WAIT);

        ditto.failThing(SHOVEL, 429);
        temperature(4, 104.0);
        await(() -> sync.status().errors().getOrDefault(DittoErrorKind.RATE_LIMITED, 0L) >= 1, WAIT, "429 counted");
        ditto.clearFault(SHOVEL);
        ditto.awaitThing(SHOVEL, t -> winding(t) == 104.0, WAIT);

        // Deleted behind the sync's back: the merge gets 404 and the whole thing is put again.
        ditto.deleteThing(SHOVEL);
        temperature(5, 105.0);
        JsonObject shovel = ditto.awaitThing(SHOVEL, t -> winding(t) == 105.0, WAIT);
        assertTrue(shovel.getValue("attributes/serial").isPresent(), "re-created whole: " + shovel);
        assertTrue(sync.status().errors().getOrDefault(DittoErrorKind.NOT_FOUND, 0L) >= 1, sync.status().toString());
        assertTrue(sync.flush(WAIT));
        assertEquals(2, sync.status().synced());
    }

    @Test
    void aRefusedLoginIsShownAsUnauthorizedAndRetried() {
        start(settings("wrong"));
        await(() -> sync.status().state() == DittoStatus.ConnectionState.UNAUTHORIZED, WAIT, "unauthorized state: "
                + sync.status());
        await(() -> sync.status().errors().getOrDefault(DittoErrorKind.UNAUTHORIZED, 0L) >= 2, WAIT,
                "retried with backoff");
        assertTrue(ditto.count("handshake-401") >= 2, ditto.counts().toString());
        assertEquals(0, ditto.thingCount());
        assertTrue(sync.status().lastError().orElseThrow().contains("ditto.user"), sync.status().toString());
    }

    @Test
    void watchingDeletionsRecreatesADeletedThingAtOnce() {
        start(settings("secret").withWatchDeletions(true));
        await(() -> sync.status().synced() == 2, WAIT, "initial sync");
        assertTrue(ditto.count("START-SEND-EVENTS") >= 1, ditto.counts().toString());
        assertEquals(1, ditto.eventSessions());
        ditto.deleteThing(INVERTER);
        ditto.awaitThing(INVERTER, t -> t.getValue("attributes/serial").isPresent(), WAIT);
    }

    @Test
    void onlyTheSelectedTwinsAndComponentsAreMirrored() {
        start(settings("secret").withFilters(List.of("baiyun:shovel-01"), List.of("hoist-*")));
        JsonObject shovel = ditto.awaitThing(SHOVEL, t -> true, WAIT);
        await(() -> sync.status().synced() == 1, WAIT, "one thing synced");
        assertEquals(1, ditto.thingCount());
        assertTrue(shovel.getValue("features/hoist-motor").isPresent());
        assertTrue(shovel.getValue("features/hoist-brake").isPresent());
        assertFalse(shovel.getValue("features/machine").isPresent(), shovel.toString());
        repo.apply(List.of(Sample.good(TwinFixtures.HEATSINK_TEMP, t0, Value.of(50.0))));
        assertEquals(0, sync.status().changesIn(), "the inverter is not mirrored");
    }
}
