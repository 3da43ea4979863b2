package io.minetwin.engine.bench;

import io.minetwin.connectors.opcua.BrowsePattern;
import io.minetwin.connectors.opcua.MappingRule;
import io.minetwin.connectors.opcua.Sampling;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Fleet;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The address space and fleet of {@code bench opcua}, shared by its server and client sides: item
 * {@code i} is channel {@code c<i % 25>} of group {@code g<(i % 100) / 25>} of asset
 * {@code s<i / 100>}, served at {@code Objects/Bench/<asset>/<group>/<channel>} and stored as channel
 * {@code <group>.<channel>} of twin {@code bench:<asset>}, an asset of type {@code bench-sensor}.
 *
 * <p>Group {@code g} is sampled every {@code S + g} ms: Milo's server samples all items of one interval
 * in a single task, so distinct intervals let the server sample the groups in parallel.
 *
 * @param items how many variables, at least 1
 */
record BenchLayout(int items) {

    static final String ROOT = "Bench";
    static final String NAMESPACE = "bench";
    static final String TYPE = "bench-sensor";
    static final int GROUPS = 4;
    static final int CHANNELS_PER_GROUP = 25;
    static final int CHANNELS_PER_ASSET = GROUPS * CHANNELS_PER_GROUP;

    BenchLayout {
        if (items < 1) {
            throw new IllegalArgumentException("items " + items + " must be at least 1");
        }
    }

    /** Where item {@code i} lives. */
    record Item(String asset, String group, String channel, int channelIndex) {
        String path() {
            return ROOT + "/" + asset + "/" + group + "/" + channel;
        }

        SeriesKey series() {
            return new SeriesKey(new TwinId(NAMESPACE, asset), group, channel);
        }
    }

    Item item(int i) {
        int c = i % CHANNELS_PER_ASSET;
        return new Item(String.format("s%05d", i / CHANNELS_PER_ASSET), "g" + c / CHANNELS_PER_GROUP,
                String.format("c%02d", c % CHANNELS_PER_GROUP), c);
    }

    static int group(int i) {
        return (i % CHANNELS_PER_ASSET) / CHANNELS_PER_GROUP;
    }

    int assets() {
        return (items + CHANNELS_PER_ASSET - 1) / CHANNELS_PER_ASSET;
    }

    /** The sampling interval of group {@code g} when the benchmark asks for {@code samplingMs}. */
    static double samplingInterval(int samplingMs, int g) {
        return samplingMs + g;
    }

    /** Samples per second the server produces when every item changes on every sample. */
    double expectedPerSecond(int samplingMs) {
        double sum = 0;
        for (int g = 0; g < GROUPS; g++) {
            long n = 0;
            for (int a = 0; a < assets(); a++) {
                int first = a * CHANNELS_PER_ASSET + g * CHANNELS_PER_GROUP;
                n += Math.max(0, Math.min(CHANNELS_PER_GROUP, items - first));
            }
            sum += n * 1000.0 / samplingInterval(samplingMs, g);
        }
        return sum;
    }

    /**
     * The server-side queue per item: at least twice the values one publishing interval brings, so
     * that no value is discarded between publishes.
     */
    static int queueSize(double publishingMs, int samplingMs) {
        return (int) Math.max(2, Math.ceil(2 * publishingMs / samplingMs));
    }

    /** The fleet: one {@code bench-sensor} twin per 100 items. */
    Fleet fleet() {
        var components = new ArrayList<ComponentType>();
        for (int g = 0; g < GROUPS; g++) {
            var channels = new ArrayList<ChannelSpec>();
            for (int c = 0; c < CHANNELS_PER_GROUP; c++) {
                channels.add(ChannelSpec.number(String.format("c%02d", c), ""));
            }
            components.add(new ComponentType("g" + g, "", channels));
        }
        AssetType type = new AssetType(TYPE, "benchmark sensor block", components);
        Map<TwinId, TwinDefinition> twins = new LinkedHashMap<>();
        for (int a = 0; a < assets(); a++) {
            TwinId id = new TwinId(NAMESPACE, String.format("s%05d", a));
            twins.put(id, new TwinDefinition(id, type, TwinAttributes.NONE));
        }
        return new Fleet(NAMESPACE, "bench", Map.of(TYPE, type), twins);
    }

    /** The engine's mapping: one browse pattern per group, with the group's sampling interval. */
    static List<MappingRule> mappings(int samplingMs, double publishingMs) {
        var rules = new ArrayList<MappingRule>();
        for (int g = 0; g < GROUPS; g++) {
            var sampling = new Sampling(samplingInterval(samplingMs, g), queueSize(publishingMs, samplingMs),
                    Sampling.Deadband.NONE);
            rules.add(new MappingRule.ByPattern(BrowsePattern.parse("Objects/" + ROOT + "/{asset}/g" + g + "/{channel}"),
                    NAMESPACE + ":{asset}", "g" + g + ".{channel}", Optional.empty(), sampling, "bench opcua group g" + g));
        }
        return rules;
    }
}
