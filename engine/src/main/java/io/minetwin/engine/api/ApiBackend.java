package io.minetwin.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.model.TwinRepository;
import io.minetwin.store.History;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the API reads: the live twins, the history and the engine's status.
 *
 * @param twins  the live twins
 * @param history the durable history
 * @param status  the engine's status as a JSON-ready map, taken fresh on every request
 * @param json    the mapper for bodies
 * @param liveInterval how often the live feed sends changes to browsers
 */
public record ApiBackend(TwinRepository twins, History history, Supplier<Map<String, Object>> status,
                         ObjectMapper json, Duration liveInterval) {

    public static final Duration DEFAULT_LIVE_INTERVAL = Duration.ofSeconds(1);

    public ApiBackend(TwinRepository twins, History history, Supplier<Map<String, Object>> status, ObjectMapper json) {
        this(twins, history, status, json, DEFAULT_LIVE_INTERVAL);
    }

    public ApiBackend {
        Objects.requireNonNull(liveInterval, "liveInterval");
        Objects.requireNonNull(twins, "twins");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(json, "json");
    }
}
