package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /api/fleet/tree} and {@code GET /api/twins?tree=true}: machines with the twins installed in them
 * nested beneath, grouped by site and area, over HTTP; a child's alert shows on its machine as the worst level.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetTreeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "viewer-token-for-the-tree";

    private Store store;
    private ApiServer server;
    private String base;

    @BeforeAll
    void start() throws Exception {
        var clock = new TwinFixtures.ManualClock(TwinFixtures.T0);
        InMemoryTwinRepository twins = TwinFixtures.repository(clock);
        // A second shovel in another pit with its own hoist drive, and a machine at another site without an area.
        var shovel = TwinFixtures.shovel();
        TwinId second = TwinId.parse("baiyun:shovel-02");
        twins.register(new TwinDefinition(second, shovel.type(), new TwinAttributes("4100XPC", "Baiyun iron mine", "",
                Optional.empty(), Map.of(), Optional.empty(), "South pit")));
        twins.register(new TwinDefinition(TwinId.parse("baiyun:shovel-02-hoist-inverter"),
                TwinFixtures.inverterType(), new TwinAttributes("ACS6080", "Baiyun iron mine", "", Optional.empty(),
                Map.of(), Optional.of(new ParentLink(second, "hoist-motor", "hoist")))));
        twins.register(new TwinDefinition(TwinId.parse("baiyun:shovel-09"), shovel.type(), new TwinAttributes("",
                "Dongfeng mine", "", Optional.empty(), Map.of(), Optional.empty())));
        twins.updateHealth(TwinFixtures.HOIST_INVERTER, "igbt", TwinFixtures.health(TwinFixtures.T0, 20,
                AlertLevel.CRITICAL));
        store = Store.inMemory(StoreOptions.defaults());
        var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, JSON);
        server = new ApiServer(backend, new AccessTokens(List.of(new AccessTokens.Entry("viewer", Role.VIEWER,
                AccessTokens.hash(TOKEN)))), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void theTreeGroupsMachinesBySiteAndAreaWithTheirDrivesBeneath() throws Exception {
        JsonNode tree = get("/api/fleet/tree", 200);
        assertEquals(5, tree.get("twins").asInt());
        assertEquals(3, tree.get("machines").asInt());
        JsonNode baiyun = tree.get("sites").get(0);
        assertEquals("Baiyun iron mine", baiyun.get("site").asText());
        assertEquals(2, baiyun.get("machines").asInt());
        assertEquals(4, baiyun.get("twins").asInt());
        // Named areas first, machines without an area after them.
        assertEquals("South pit", baiyun.get("areas").get(0).get("area").asText());
        JsonNode south = baiyun.get("areas").get(0).get("machines").get(0);
        assertEquals("baiyun:shovel-02", south.get("thingId").asText());
        assertEquals("baiyun:shovel-02-hoist-inverter", south.get("children").get(0).get("thingId").asText());
        assertEquals("hoist", south.get("children").get(0).get("position").asText());
        JsonNode first = baiyun.get("areas").get(1).get("machines").get(0);
        assertEquals("", baiyun.get("areas").get(1).get("area").asText());
        assertEquals("baiyun:shovel-01", first.get("thingId").asText());
        assertEquals("critical", first.get("worstAlertLevel").asText(), "the inverter's alert shows on its shovel");
        assertEquals("Dongfeng mine", tree.get("sites").get(1).get("site").asText());
    }

    @Test
    void theTwinListAsATreeListsMachinesOnlyAndFiltersThem() throws Exception {
        JsonNode all = get("/api/twins?tree=true", 200);
        assertEquals(3, all.get("total").asInt());
        var machines = new java.util.ArrayList<String>();
        all.get("items").forEach(m -> machines.add(m.get("thingId").asText()));
        assertEquals(List.of("baiyun:shovel-01", "baiyun:shovel-02", "baiyun:shovel-09"), machines);
        JsonNode critical = get("/api/twins?tree=true&alert=critical", 200);
        assertEquals(1, critical.get("total").asInt());
        assertEquals("baiyun:shovel-01-hoist-inverter",
                critical.get("items").get(0).get("children").get(0).get("thingId").asText());
        assertEquals(5, get("/api/twins", 200).get("total").asInt(), "without tree: every twin, as before");
        assertEquals("tree", get("/api/twins?tree=banana", 400).get("field").asText());
    }
}
