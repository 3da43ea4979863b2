package io.minetwin.engine.discover;

import io.minetwin.connectors.opcua.ConnectorException;
import io.minetwin.connectors.opcua.EndpointConfig;
import io.minetwin.connectors.opcua.MappingCheck;
import io.minetwin.connectors.opcua.ToolSession;
import io.minetwin.engine.ingest.OpcuaSettings;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Fleet;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinDefinition;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an engine configuration's OPC UA endpoints against the live servers: connects to each, resolves
 * its mappings as {@code minetwin run} would, and checks every mapped node (it exists, its data type suits
 * the channel, its unit converts, its EURange is sane). Prints a report and counts the problems.
 */
public final class ConfigCheck {

    /** What the check found. */
    public record Outcome(int endpoints, int mappings, int problems, int unfedChannels) {
    }

    private final Fleet fleet;
    private final OpcuaSettings settings;
    private final PrintWriter out;

    public ConfigCheck(Fleet fleet, OpcuaSettings settings, PrintWriter out) {
        this.fleet = fleet;
        this.settings = settings;
        this.out = out;
    }

    public Outcome run() {
        int mappings = 0;
        int problems = 0;
        Set<SeriesKey> fed = new HashSet<>();
        for (EndpointConfig e : settings.endpoints()) {
            out.println("endpoint " + e.name() + " " + e.url() + " (security " + e.security() + ", "
                    + e.mappings().size() + " mapping rules)");
            MappingCheck.Result r;
            try (ToolSession session = ToolSession.connect(e)) {
                r = session.check(e.mappings(), this::channel);
                out.println("  connected; the server takes " + session.maxNodesPerBrowse() + " nodes per Browse and "
                        + session.maxNodesPerRead() + " per Read");
            } catch (ConnectorException ex) {
                out.println("  PROBLEM: " + ex.getMessage());
                problems++;
                continue;
            } catch (Exception ex) {
                out.println("  PROBLEM: the server failed a request: " + ex.getMessage()
                        + "; check the server's log, then run check again");
                problems++;
                continue;
            }
            for (MappingCheck.Item item : r.items()) {
                mappings++;
                fed.add(item.series());
                String conversion = item.conversion().equals("none") ? "" : ", converted " + item.conversion();
                if (item.problems().isEmpty()) {
                    out.println("  ok       " + item.node() + " -> " + item.series() + " (" + item.dataType()
                            + conversion + ")");
                } else {
                    for (String p : item.problems()) {
                        out.println("  PROBLEM  " + item.node() + " -> " + item.series() + ": " + p);
                    }
                }
            }
            for (String p : r.report().problems()) {
                out.println("  PROBLEM  " + p);
            }
            for (String a : r.report().ambiguous()) {
                out.println("  PROBLEM  ambiguous: " + a);
            }
            for (String u : r.report().unmapped()) {
                out.println("  note     unmapped: " + u);
            }
            if (r.report().unmappedCount() > r.report().unmapped().size()) {
                out.println("  note     ... and " + (r.report().unmappedCount() - r.report().unmapped().size())
                        + " more unmapped nodes");
            }
            problems += r.problemCount();
        }
        int unfed = 0;
        int channels = 0;
        for (TwinDefinition d : fleet.twins().values()) {
            int mine = 0;
            int total = 0;
            for (ComponentType c : d.type().components()) {
                for (ChannelSpec ch : c.channels()) {
                    total++;
                    if (fed.contains(SeriesKey.of(d.id(), c.name() + "." + ch.name()))) {
                        mine++;
                    }
                }
            }
            channels += total;
            unfed += total - mine;
            if (mine == 0) {
                out.println("  note     twin " + d.id() + " (" + d.type().name() + "): no node feeds any of its "
                        + total + " channels");
            }
        }
        out.printf("fleet: %d of %d channels of %d twins are fed by a node%n", channels - unfed, channels,
                fleet.twins().size());
        return new Outcome(settings.endpoints().size(), mappings, problems, unfed);
    }

    private Optional<ChannelSpec> channel(SeriesKey key) {
        return fleet.twin(key.twin()).flatMap(d -> d.type().channel(key.component(), key.channel()));
    }
}
