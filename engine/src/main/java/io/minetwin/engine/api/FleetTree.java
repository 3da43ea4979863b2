package io.minetwin.engine.api;

import io.minetwin.model.AlertLevel;
import io.minetwin.model.ParentLink;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet as the mine sees it: machines (twins installed in no other twin) with the twins installed in
 * them beneath (a truck's traction inverters under the truck), grouped by site and then by area, e.g. a
 * pit. Each node is the twin's summary as {@code GET /api/twins} lists it, plus {@code position},
 * {@code children} and {@code worstAlertLevel}, the worst alert of the twin and everything beneath it.
 */
final class FleetTree {

    private FleetTree() {
    }

    /** The machines of {@code twins}, in id order, each with its children nested. */
    static List<Map<String, Object>> machines(Collection<Twin> twins) {
        Map<TwinId, Twin> byId = new TreeMap<>();
        twins.forEach(t -> byId.put(t.id(), t));
        Map<TwinId, List<Twin>> children = new LinkedHashMap<>();
        var roots = new ArrayList<Twin>();
        for (Twin t : byId.values()) {
            TwinId parent = t.attributes().parent().map(ParentLink::twin).orElse(null);
            if (parent != null && byId.containsKey(parent)) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(t);
            } else {
                roots.add(t);
            }
        }
        return roots.stream().map(t -> node(t, children)).toList();
    }

    private static Map<String, Object> node(Twin t, Map<TwinId, List<Twin>> children) {
        Map<String, Object> m = TwinsEndpoints.summary(t);
        t.attributes().parent().ifPresent(p -> {
            m.put("parentComponent", p.component());
            m.put("position", p.position());
        });
        List<Map<String, Object>> kids = children.getOrDefault(t.id(), List.of()).stream()
                .map(c -> node(c, children)).toList();
        AlertLevel worst = t.health().isEmpty() ? null : Forecasts.alert(t);
        for (Map<String, Object> k : kids) {
            Object level = k.get("worstAlertLevel");
            if (level != null) {
                AlertLevel l = AlertLevel.parse(level.toString());
                worst = worst == null || l.compareTo(worst) > 0 ? l : worst;
            }
        }
        m.put("worstAlertLevel", worst == null ? null : worst.id());
        m.put("children", kids);
        return m;
    }

    /** How many twins a tree node holds, itself included. */
    @SuppressWarnings("unchecked")
    static int size(Map<String, Object> node) {
        int n = 1;
        for (Object c : (List<Object>) node.get("children")) {
            n += size((Map<String, Object>) c);
        }
        return n;
    }

    /** {@code sites: [{site, machines, twins, areas: [{area, machines: [...]}]}]}, names in order, "" last. */
    static Map<String, Object> bySiteAndArea(Collection<Twin> twins) {
        List<Map<String, Object>> machines = machines(twins);
        Map<String, Map<String, List<Map<String, Object>>>> sites = new TreeMap<>(FleetTree::emptyLast);
        for (Map<String, Object> m : machines) {
            sites.computeIfAbsent(String.valueOf(m.get("site")), k -> new TreeMap<>(FleetTree::emptyLast))
                    .computeIfAbsent(String.valueOf(m.getOrDefault("area", "")), k -> new ArrayList<>()).add(m);
        }
        var siteList = new ArrayList<Map<String, Object>>();
        sites.forEach((site, areas) -> {
            var areaList = new ArrayList<Map<String, Object>>();
            int count = 0;
            int all = 0;
            for (var a : areas.entrySet()) {
                Map<String, Object> area = new LinkedHashMap<>();
                area.put("area", a.getKey());
                area.put("machines", a.getValue());
                areaList.add(area);
                count += a.getValue().size();
                all += a.getValue().stream().mapToInt(FleetTree::size).sum();
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("site", site);
            s.put("machines", count);
            s.put("twins", all);
            s.put("areas", areaList);
            siteList.add(s);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("twins", twins.size());
        body.put("machines", machines.size());
        body.put("sites", siteList);
        return body;
    }

    private static int emptyLast(String a, String b) {
        if (a.isEmpty() != b.isEmpty()) {
            return a.isEmpty() ? 1 : -1;
        }
        return a.compareTo(b);
    }
}
