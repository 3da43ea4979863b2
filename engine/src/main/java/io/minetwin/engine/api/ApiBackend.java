package io.minetwin.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.engine.cmms.CmmsFormat;
import io.minetwin.engine.cmms.CmmsMapping;
import io.minetwin.model.EventLog;
import io.minetwin.model.History;
import io.minetwin.model.TwinRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the API reads and writes: the live twins, the history, the event log (alerts, maintenance), the
 * model registry and the training runner, and the engine's status.
 *
 * <p>Build it with the required parts and add the optional ones with the {@code with...} methods: without
 * a model registry the model endpoints answer 503, and likewise training without a runner.
 *
 * @param twins        the live twins
 * @param history      the durable history
 * @param events       the event log: alerts are read from it, acknowledgements and maintenance written to it
 * @param status       the engine's status as a JSON-ready map, taken fresh on every request
 * @param json         the mapper for bodies
 * @param liveInterval how often the live feed sends changes to browsers
 * @param models       the model registry, if this engine has one
 * @param training     what runs training jobs, if this engine can train
 * @param costs        downtime costs per asset type, for ranking forecasts by expected cost
 * @param clock        the time of acknowledgements, maintenance records and jobs
 * @param cmms         CMMS mappings by format, for work orders in SAP PM or Maximo shape
 */
public record ApiBackend(TwinRepository twins, History history, EventLog events, Supplier<Map<String, Object>> status,
                         ObjectMapper json, Duration liveInterval, Optional<ModelRegistry> models,
                         Optional<TrainingRunner> training, DowntimeCosts costs, Clock clock,
                         Map<CmmsFormat, CmmsMapping> cmms) {

    public static final Duration DEFAULT_LIVE_INTERVAL = Duration.ofSeconds(1);

    /** The required parts; no registry, no training, no costs, the system clock. */
    public ApiBackend(TwinRepository twins, History history, EventLog events, Supplier<Map<String, Object>> status,
                      ObjectMapper json) {
        this(twins, history, events, status, json, DEFAULT_LIVE_INTERVAL, Optional.empty(), Optional.empty(),
                DowntimeCosts.NONE, Clock.systemUTC(), Map.of());
    }

    public ApiBackend {
        Objects.requireNonNull(twins, "twins");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(liveInterval, "liveInterval");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(costs, "costs");
        Objects.requireNonNull(clock, "clock");
        cmms = Map.copyOf(cmms);
    }

    public ApiBackend withLiveInterval(Duration value) {
        return new ApiBackend(twins, history, events, status, json, value, models, training, costs, clock, cmms);
    }

    public ApiBackend withModels(ModelRegistry value) {
        return new ApiBackend(twins, history, events, status, json, liveInterval, Optional.of(value), training, costs,
                clock, cmms);
    }

    public ApiBackend withTraining(TrainingRunner value) {
        return new ApiBackend(twins, history, events, status, json, liveInterval, models, Optional.of(value), costs,
                clock, cmms);
    }

    public ApiBackend withCosts(DowntimeCosts value) {
        return new ApiBackend(twins, history, events, status, json, liveInterval, models, training, value, clock, cmms);
    }

    /** With these CMMS mappings, one per format. */
    public ApiBackend withCmms(java.util.Collection<CmmsMapping> mappings) {
        Map<CmmsFormat, CmmsMapping> byFormat = new java.util.EnumMap<>(CmmsFormat.class);
        mappings.forEach(m -> byFormat.put(m.format(), m));
        return new ApiBackend(twins, history, events, status, json, liveInterval, models, training, costs, clock,
                byFormat);
    }

    public ApiBackend withClock(Clock value) {
        return new ApiBackend(twins, history, events, status, json, liveInterval, models, training, costs, value, cmms);
    }
}
