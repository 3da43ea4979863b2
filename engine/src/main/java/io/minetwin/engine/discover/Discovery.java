package io.minetwin.engine.discover;

import io.minetwin.connectors.opcua.AddressSpaceScan.Kind;
import io.minetwin.connectors.opcua.AddressSpaceScan.Variable;
import io.minetwin.connectors.opcua.Units;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the variables of an address space into a draft fleet: groups them into candidate assets
 * (the object two levels above a variable, e.g. {@code Shovel-01} for
 * {@code Shovel-01/HoistMotor/Temperature}) and components (the folder below the asset), chooses each
 * asset's type, and matches each variable to a channel of it.
 *
 * <p>How a variable is matched: its component folder is paired with the type's component of the most
 * alike name (each component once), then the variable with the channel of the most alike name, where a
 * unit that converts adds to the score and a unit that does not, a data type that does not suit the
 * channel or an {@code EURange} wholly outside its physical range rules the channel out. Each channel
 * takes one node, the best. Every guess carries a confidence, 0 to 1, and why; a guess whose runner-up
 * scored almost as well names it.
 */
public final class Discovery {

    /** Below this, a variable is left unmatched rather than guessed. */
    static final double MIN_SCORE = 0.45;
    /** Below this, a folder is not taken for a component of the type. */
    static final double MIN_COMPONENT = 0.34;

    /** A variable matched to a channel. */
    public record Guess(Variable variable, String twin, String component, String channel, double confidence,
                        String why) {
    }

    /** A variable no channel takes, and why. */
    public record Unmatched(Variable variable, String reason) {
    }

    /** Where a twin is probably installed: guessed from its name beginning with another twin's. */
    public record ParentGuess(String twin, String component, String position, double confidence) {
    }

    /**
     * A candidate asset.
     *
     * @param path       browse names of its object below Objects
     * @param twin       the twin name, from the object's name ({@code Shovel-01} gives {@code shovel-01})
     * @param type       the asset type chosen, empty when none fits
     * @param confidence how sure the type is, 0 to 1
     * @param why        the evidence for the type
     * @param parent     the guessed parent, if any
     * @param variables  variables below it
     * @param matched    of which matched to channels
     */
    public record Asset(List<String> path, String twin, Optional<String> type, double confidence, String why,
                        Optional<ParentGuess> parent, int variables, int matched) {
    }

    /** The draft: assets, guesses in browse order, and what stayed unmatched. */
    public record Draft(List<Asset> assets, List<Guess> guesses, List<Unmatched> unmatched) {
        public Draft {
            assets = List.copyOf(assets);
            guesses = List.copyOf(guesses);
            unmatched = List.copyOf(unmatched);
        }
    }

    private final Map<String, AssetType> types;

    public Discovery(Map<String, AssetType> types) {
        this.types = Map.copyOf(Objects.requireNonNull(types, "types"));
    }

    /** A variable below an asset: its component folder (null when directly below the asset) and name. */
    private record Placed(Variable v, String folder, String name) {
    }

    public Draft match(List<Variable> variables) {
        // Assets: the objects two levels above a variable; the shallowest one a variable lies below wins.
        Set<List<String>> assetPaths = new HashSet<>();
        for (Variable v : variables) {
            if (v.path().size() >= 3) {
                assetPaths.add(v.path().subList(0, v.path().size() - 2));
            }
        }
        var byAsset = new LinkedHashMap<List<String>, List<Placed>>();
        var unmatched = new ArrayList<Unmatched>();
        for (Variable v : variables) {
            List<String> asset = null;
            for (int n = 1; n < v.path().size(); n++) {
                if (assetPaths.contains(v.path().subList(0, n))) {
                    asset = v.path().subList(0, n);
                    break;
                }
            }
            if (asset == null) {
                unmatched.add(new Unmatched(v, "not below an asset: discover expects Objects/.../<asset>/<component>/"
                        + "<variable>; map it by hand with 'node: " + v.nodeId() + "'"));
                continue;
            }
            List<String> rest = v.path().subList(asset.size(), v.path().size());
            String folder = rest.size() > 1 ? rest.get(0) : null;
            String name = String.join(" ", rest.size() > 1 ? rest.subList(1, rest.size()) : rest);
            byAsset.computeIfAbsent(List.copyOf(asset), k -> new ArrayList<>()).add(new Placed(v, folder, name));
        }

        Map<List<String>, String> twinNames = twinNames(byAsset.keySet());
        var assets = new ArrayList<Asset>();
        var guesses = new ArrayList<Guess>();
        var chosenTypes = new HashMap<String, AssetType>();
        for (var e : byAsset.entrySet()) {
            String twin = twinNames.get(e.getKey());
            Match best = null;
            for (AssetType t : types.values().stream().sorted(Comparator.comparing(AssetType::name)).toList()) {
                Match m = match(twin, e.getKey(), t, e.getValue());
                if (best == null || m.score() > best.score()) {
                    best = m;
                }
            }
            if (best == null || best.guesses().isEmpty()) {
                assets.add(new Asset(e.getKey(), twin, Optional.empty(), 0, "no asset type has channels like its"
                        + " variables", Optional.empty(), e.getValue().size(), 0));
                for (Placed p : e.getValue()) {
                    unmatched.add(new Unmatched(p.v(), "no asset type fits Objects/" + String.join("/", e.getKey())
                            + "; add an asset type for it, or map the node by hand"));
                }
                continue;
            }
            chosenTypes.put(twin, best.type());
            guesses.addAll(best.guesses());
            unmatched.addAll(best.unmatched());
            double typeConfidence = best.guesses().stream().mapToDouble(Guess::confidence).average().orElse(0)
                    * (0.7 + 0.3 * Math.min(1, 2 * best.nameSimilarity()));
            assets.add(new Asset(e.getKey(), twin, Optional.of(best.type().name()), round(typeConfidence),
                    best.guesses().size() + " of " + e.getValue().size() + " variables fit its channels"
                            + (best.nameSimilarity() > 0 ? String.format(Locale.ROOT, "; name %.2f alike",
                            best.nameSimilarity()) : ""),
                    Optional.empty(), e.getValue().size(), best.guesses().size()));
        }
        // Parents: a twin whose name begins with another's and a dash (shovel-01-hoist-drive in shovel-01).
        for (int i = 0; i < assets.size(); i++) {
            Asset a = assets.get(i);
            if (a.type().isEmpty()) {
                continue;
            }
            Asset host = null;
            for (Asset b : assets) {
                if (b != a && b.type().isPresent() && a.twin().startsWith(b.twin() + "-")
                        && (host == null || b.twin().length() > host.twin().length())) {
                    host = b;
                }
            }
            if (host == null) {
                continue;
            }
            String rest = a.twin().substring(host.twin().length() + 1);
            List<String> restTerms = Names.terms(rest);
            ComponentType hostComponent = null;
            double s = 0;
            for (ComponentType c : chosenTypes.get(host.twin()).components()) {
                double sim = Names.similarity(restTerms, Names.terms(c.name()));
                if (sim > s) {
                    s = sim;
                    hostComponent = c;
                }
            }
            if (hostComponent != null) {
                String position = Names.words(rest).isEmpty() ? rest : Names.words(rest).get(0);
                assets.set(i, new Asset(a.path(), a.twin(), a.type(), a.confidence(), a.why(),
                        Optional.of(new ParentGuess(host.twin(), hostComponent.name(), position, round(s))),
                        a.variables(), a.matched()));
            }
        }
        return new Draft(assets, guesses, unmatched);
    }

    /** Twin names from the objects' names; where two are alike, the parent object's name is put before. */
    private static Map<List<String>, String> twinNames(Set<List<String>> paths) {
        var out = new LinkedHashMap<List<String>, String>();
        var count = new HashMap<String, Integer>();
        for (List<String> p : paths) {
            count.merge(name(p, 1), 1, Integer::sum);
        }
        for (List<String> p : paths) {
            String n = name(p, 1);
            out.put(p, count.get(n) > 1 && p.size() > 1 ? name(p, 2) : n);
        }
        return out;
    }

    private static String name(List<String> path, int segments) {
        String n = Names.kebab(String.join("-", path.subList(Math.max(0, path.size() - segments), path.size())));
        return n.isEmpty() ? "asset" : n;
    }

    private record Match(AssetType type, double score, double nameSimilarity, List<Guess> guesses,
                         List<Unmatched> unmatched) {
    }

    /** A possible channel for a variable. */
    private record Candidate(Placed p, ComponentType component, ChannelSpec channel, double score, String why) {
    }

    private Match match(String twin, List<String> assetPath, AssetType type, List<Placed> placed) {
        double nameSim = Names.similarity(Names.terms(assetPath.get(assetPath.size() - 1)), Names.terms(type.name()));
        // Folders to components, the most alike first, each component once.
        var folders = new ArrayList<String>();
        placed.stream().map(Placed::folder).filter(Objects::nonNull).distinct().forEach(folders::add);
        record Pair(String folder, ComponentType component, double score) {
        }
        var pairs = new ArrayList<Pair>();
        for (String f : folders) {
            for (ComponentType c : type.components()) {
                double s = Names.similarity(Names.terms(f), Names.terms(c.name()));
                if (s >= MIN_COMPONENT) {
                    pairs.add(new Pair(f, c, s));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::score).reversed());
        var folderComponent = new HashMap<String, Pair>();
        var taken = new HashSet<String>();
        for (Pair p : pairs) {
            if (!folderComponent.containsKey(p.folder()) && taken.add(p.component().name())) {
                folderComponent.put(p.folder(), p);
            }
        }
        // Every variable's candidate channels.
        var candidates = new ArrayList<Candidate>();
        var reasons = new HashMap<Placed, String>();
        for (Placed p : placed) {
            Pair fc = p.folder() == null ? null : folderComponent.get(p.folder());
            List<ComponentType> comps = fc != null ? List.of(fc.component()) : type.components();
            List<String> varTerms = Names.terms(p.name());
            for (ComponentType c : comps) {
                for (ChannelSpec ch : c.channels()) {
                    double name;
                    double factor;
                    if (fc != null) {
                        name = Names.similarity(varTerms, Names.terms(ch.name()));
                        factor = 0.6 + 0.4 * fc.score();
                    } else {
                        // No component folder fits: the folder's and variable's words against component and channel.
                        var all = new ArrayList<String>();
                        if (p.folder() != null) {
                            all.addAll(Names.terms(p.folder()));
                        }
                        all.addAll(varTerms);
                        var target = new ArrayList<>(Names.terms(c.name()));
                        target.addAll(Names.terms(ch.name()));
                        name = Math.max(Names.similarity(all, target), 0.8 * Names.similarity(varTerms,
                                Names.terms(ch.name())));
                        factor = 0.6;
                    }
                    if (name <= 0) {
                        continue;
                    }
                    Optional<String> refused = refuse(p.v(), ch);
                    if (refused.isPresent()) {
                        reasons.putIfAbsent(p, refused.get());
                        continue;
                    }
                    double bonus = 0;
                    var why = new ArrayList<String>();
                    why.add(String.format(Locale.ROOT, "name '%s' ~ %s.%s %.2f", p.folder() == null ? p.name()
                            : p.folder() + "/" + p.name(), c.name(), ch.name(), name));
                    if (p.v().unit().isPresent() && !ch.unit().isBlank()) {
                        bonus += 0.2;
                        why.add("unit " + p.v().unit().get() + (p.v().unit().get().equals(ch.unit()) ? ""
                                : " converts to " + ch.unit()));
                    } else if (!ch.unit().isBlank()) {
                        why.add("no EngineeringUnits: " + ch.unit() + " assumed");
                    }
                    if (p.v().hasEuRange()) {
                        bonus += 0.05;
                        why.add("EURange fits");
                    }
                    double score = Math.min(1, name + bonus) * factor;
                    candidates.add(new Candidate(p, c, ch, score, String.join(", ", why)));
                }
            }
        }
        // Each variable its best channel, each channel one variable: the highest scores first.
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        var assigned = new LinkedHashMap<Placed, Candidate>();
        var usedChannels = new HashMap<String, Candidate>();
        var lost = new HashMap<Placed, Candidate>();
        for (Candidate c : candidates) {
            if (c.score() < MIN_SCORE * 0.7 || assigned.containsKey(c.p())) {
                continue;
            }
            String key = c.component().name() + "." + c.channel().name();
            if (usedChannels.containsKey(key)) {
                lost.putIfAbsent(c.p(), usedChannels.get(key));
                continue;
            }
            if (c.score() >= MIN_SCORE) {
                assigned.put(c.p(), c);
                usedChannels.put(key, c);
            }
        }
        var guesses = new ArrayList<Guess>();
        var unmatched = new ArrayList<Unmatched>();
        double score = 0;
        for (Placed p : placed) {
            Candidate c = assigned.get(p);
            if (c == null) {
                String reason = lost.containsKey(p)
                        ? "its best channel " + lost.get(p).component().name() + "." + lost.get(p).channel().name()
                        + " went to " + lost.get(p).p().v().browsePath() + ", which fits better"
                        : reasons.getOrDefault(p, "no channel of " + type.name() + " has a name like '" + p.name() + "'");
                unmatched.add(new Unmatched(p.v(), reason + "; map it by hand if it is needed"));
                continue;
            }
            // A runner-up almost as good makes the guess less sure, and is named.
            Candidate second = candidates.stream().filter(o -> o.p() == p && o != c && o.score() >= c.score() - 0.05)
                    .findFirst().orElse(null);
            double confidence = c.score() * (second == null ? 1 : 0.75);
            String why = c.why() + (second == null ? "" : "; or " + second.component().name() + "."
                    + second.channel().name());
            guesses.add(new Guess(p.v(), twin, c.component().name(), c.channel().name(), round(confidence), why));
            score += confidence;
        }
        return new Match(type, score + 0.5 * nameSim, nameSim, guesses, unmatched);
    }

    /** Why {@code v} cannot feed {@code ch}, if it cannot: kind, unit or range. */
    static Optional<String> refuse(Variable v, ChannelSpec ch) {
        boolean kindFits = switch (ch.type()) {
            case NUMBER, INTEGER -> v.kind() == Kind.NUMBER;
            case BOOLEAN -> v.kind() == Kind.BOOLEAN || v.kind() == Kind.NUMBER;
            case STATE -> v.kind() == Kind.TEXT || v.kind() == Kind.NUMBER;
        };
        if (!kindFits) {
            return Optional.of("data type " + v.dataType() + " is not " + (ch.type() == ValueType.BOOLEAN ? "a Boolean"
                    : ch.type() == ValueType.STATE ? "a state" : "a number") + " like its closest channel " + ch.name());
        }
        Units.Conversion conversion = Units.Conversion.IDENTITY;
        if (v.unit().isPresent()) {
            if (ch.unit().isBlank()) {
                return Optional.of("it has unit " + v.unit().get() + " and its closest channel " + ch.name() + " none");
            }
            try {
                conversion = Units.conversion(v.unit().get(), ch.unit());
            } catch (IllegalArgumentException e) {
                return Optional.of("its unit " + v.unit().get() + " does not convert to " + ch.unit() + " of its"
                        + " closest channel " + ch.name());
            }
        }
        if (v.hasEuRange() && ch.type().isNumeric()) {
            double low = conversion.apply(v.euLow());
            double high = conversion.apply(v.euHigh());
            if (high < ch.physical().min() || low > ch.physical().max()) {
                return Optional.of(String.format(Locale.ROOT, "its EURange %.4g..%.4g %s lies outside the physical"
                        + " range of its closest channel %s", low, high, ch.unit(), ch.name()));
            }
        }
        return Optional.empty();
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
