package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.ForwardingHistory;
import io.minetwin.testkit.TwinFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A long raw history read streams: {@code GET /api/twins/{id}/history} reads the store page by page while it writes
 * the answer, never the whole range at once, and the answer holds every sample in order, as JSON and as CSV.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryStreamingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "viewer-token-for-streaming";
    private static final int SAMPLES = 230_000; // about 64 hours at one a second: five pages
    private static final long T0 = TwinFixtures.T0.toEpochMilli();

    private Store store;
    private ApiServer server;
    private String base;
    private final List<Integer> reads = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        store = Store.inMemory(StoreOptions.defaults());
        var batch = new ArrayList<Point>(10_000);
        for (int i = 0; i < SAMPLES; i++) {
            batch.add(Point.good(TwinFixtures.WINDING_TEMP, T0 + i * 1000L, i));
            if (batch.size() == 10_000) {
                store.history().append(batch);
                batch.clear();
            }
        }
        store.history().append(batch);
        History counting = new Counting(store.history(), reads);
        var clock = new TwinFixtures.ManualClock(TwinFixtures.T0.plusSeconds(SAMPLES));
        var backend = new ApiBackend(TwinFixtures.repository(clock), counting, store.events(), Map::of, JSON)
                .withClock(clock);
        server = new ApiServer(backend, new AccessTokens(List.of(new AccessTokens.Entry("viewer", Role.VIEWER,
                AccessTokens.hash(TOKEN)))), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> get(String accept) throws Exception {
        String url = base + "/api/twins/" + TwinFixtures.SHOVEL + "/history?channel="
                + TwinFixtures.WINDING_TEMP.channelPath() + "&from=" + TwinFixtures.T0.minusSeconds(1800) + "&to="
                + Instant.ofEpochMilli(T0 + SAMPLES * 1000L + 1);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLongRawReadIsReadPageByPageAndAnsweredWhole() throws Exception {
        reads.clear();
        HttpResponse<String> r = get("application/json");
        assertEquals(200, r.statusCode(), r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
        JsonNode points = JSON.readTree(r.body()).get("points");
        assertEquals(SAMPLES, points.size());
        for (int i = 0; i < SAMPLES; i += 997) {
            assertEquals(i, points.get(i).get("value").asDouble(), "sample " + i);
            assertEquals(Instant.ofEpochMilli(T0 + i * 1000L).toString(), points.get(i).get("time").asText());
        }
        assertPaged();
    }

    @Test
    void csvToo() throws Exception {
        reads.clear();
        HttpResponse<String> r = get("text/csv");
        assertEquals(200, r.statusCode());
        String[] lines = r.body().split("\n");
        assertEquals("time,value,quality", lines[0]);
        assertEquals(SAMPLES + 1, lines.length);
        assertEquals(Instant.ofEpochMilli(T0 + (SAMPLES - 1) * 1000L) + "," + (SAMPLES - 1) + ",good",
                lines[SAMPLES]);
        assertPaged();
    }

    /** No read of raw samples returned more than a page (plus the hour that may straddle it); all were read. */
    private void assertPaged() {
        int max = reads.stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(max <= TwinsEndpoints.RAW_PAGE_POINTS, "a read returned " + max + " samples: " + reads);
        assertTrue(reads.size() >= SAMPLES / TwinsEndpoints.RAW_PAGE_POINTS, "reads: " + reads);
        assertEquals(SAMPLES, reads.stream().mapToInt(Integer::intValue).sum(), "reads: " + reads);
    }

    /** The store's history, counting the samples each raw read returns. */
    private static final class Counting extends ForwardingHistory {
        private final List<Integer> reads;

        Counting(History history, List<Integer> reads) {
            super(history);
            this.reads = reads;
        }

        @Override
        public SeriesData read(SeriesKey series, long from, long to) {
            SeriesData d = delegate.read(series, from, to);
            reads.add(d.size());
            return d;
        }
    }
}
