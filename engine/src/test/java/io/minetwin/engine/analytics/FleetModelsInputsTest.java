package io.minetwin.engine.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minetwin.analytics.LabelSource;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.model.AssetType;
import io.minetwin.model.Fleet;
import io.minetwin.model.SeriesReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which peers and duty counters the shipped asset types give each component. */
class FleetModelsInputsTest {

    static final Map<String, AssetType> TYPES = AssetTypeLoader.loadDirectory(Path.of("..", "config", "asset-types"));

    Inputs inputs(ForecastConfig config, String type, String component) {
        FleetModels models = new FleetModels(new Fleet("baiyun", "", TYPES, Map.of()), (SeriesReader) null,
                (LabelSource) null, config,
                Clock.systemUTC());
        AssetType t = TYPES.get(type);
        var c = t.component(component).orElseThrow();
        List<String> channels = c.channels().stream().filter(ch -> ch.type().name().matches("NUMBER|INTEGER"))
                .map(ch -> ch.name()).sorted().toList();
        return models.inputs(t, c, channels);
    }

    @Test
    void componentsBuiltAlikeArePeersAndTheMachinesCountersAreDuty() {
        ForecastConfig d = ForecastConfig.defaults();
        Inputs left = inputs(d, "haul-truck", "wheel-motor-left");
        assertEquals(List.of("wheel-motor-right"), left.peers());
        assertEquals(List.of("machine/operating-hours"), left.counters(), "trucks count hours, not cycles");
        assertEquals(List.of("tyre-1", "tyre-2", "tyre-4", "tyre-5", "tyre-6"), inputs(d, "haul-truck", "tyre-3").peers());
        assertEquals(List.of("hoist-motor-2"), inputs(d, "electric-shovel", "hoist-motor").peers());
        assertEquals(List.of("swing-motor"), inputs(d, "electric-shovel", "swing-motor-2").peers());
        // Same channels as the swing motors, but another duty: no peer.
        assertEquals(List.of(), inputs(d, "electric-shovel", "crowd-motor").peers());
        assertEquals(List.of("machine/operating-hours", "machine/cycles"),
                inputs(d, "electric-shovel", "crowd-motor").counters());
        assertEquals(List.of(), inputs(d, "haul-truck", "engine").peers());
        assertEquals(List.of(), inputs(d, "haul-truck", "machine").counters(), "the machine is not its own duty");
    }

    @Test
    void ownChannelsOnlyTurnsBothOff() {
        Inputs own = inputs(ForecastConfig.defaults().ownChannelsOnly(), "haul-truck", "wheel-motor-left");
        assertEquals(List.of(), own.peers());
        assertEquals(List.of(), own.counters());
        assertEquals(List.of("bearing-temp", "stator-temp"), own.reads());
    }
}
