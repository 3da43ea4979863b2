package io.minetwin.engine.ingest;

import io.minetwin.connectors.opcua.BrowsePattern;
import io.minetwin.connectors.opcua.EndpointConfig;
import io.minetwin.connectors.opcua.Identity;
import io.minetwin.connectors.opcua.MappingRule;
import io.minetwin.connectors.opcua.Sampling;
import io.minetwin.connectors.opcua.Security;
import io.minetwin.connectors.opcua.Units;
import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.config.Located;
import io.minetwin.engine.config.SectionReader;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.Fleet;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code opcua} section of the engine configuration: endpoints with their security, login and
 * mappings, and the ingest queue. Every problem is reported with {@code file:line:column}, the key and
 * the fix; mappings are checked against the fleet (unknown channels, units that cannot convert).
 *
 * <pre>
 * opcua:
 *   pki-dir: pki                          # default: &lt;data-dir&gt;/pki
 *   queue-batches: 64                     # bounded ingest queue, in batches
 *   endpoints:
 *     - name: pit-north
 *       url: opc.tcp://10.1.2.3:4840
 *       security: Basic256Sha256/SignAndEncrypt   # the default; or Basic256Sha256/Sign, or None (written out)
 *       user: minetwin
 *       password-env: PIT_NORTH_PASSWORD          # or password: ...
 *       publishing-interval: 500ms
 *       sampling: {interval: 1s, queue-size: 10, deadband: 0.5}   # deadband: 0.5 absolute or "2%"
 *       mappings:
 *         - pattern: Objects/{site}/{asset}/{component}/{channel}
 *           twin: "baiyun:{asset}"
 *           channel: "{component}.{channel}"
 *         - node: ns=2;s=Truck7.Engine.Coolant
 *           twin: baiyun:truck-07
 *           channel: engine.coolant-temp
 *           unit: degF
 * </pre>
 *
 * @param endpoints    the endpoints to connect, in order
 * @param queueBatches how many batches the ingest queue holds before connectors are slowed down
 */
public record OpcuaSettings(List<EndpointConfig> endpoints, int queueBatches) {

    public static final int DEFAULT_QUEUE_BATCHES = 256;
    public static final OpcuaSettings NONE = new OpcuaSettings(List.of(), DEFAULT_QUEUE_BATCHES);

    private static final java.util.regex.Pattern ENDPOINT_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> SECTION_KEYS = List.of("pki-dir", "queue-batches", "endpoints");
    private static final List<String> ENDPOINT_KEYS = List.of("name", "url", "security", "allow-password-over-none",
            "user", "password",
            "password-env", "publishing-interval", "max-items-per-subscription", "keep-alive", "request-timeout",
            "backfill", "sampling", "mappings", "enabled");
    private static final List<String> MAPPING_KEYS = List.of("pattern", "node", "twin", "channel", "unit", "sampling");
    private static final List<String> SAMPLING_KEYS = List.of("interval", "queue-size", "deadband");

    public OpcuaSettings {
        endpoints = List.copyOf(endpoints);
        if (queueBatches < 1) {
            throw new IllegalArgumentException("queue-batches " + queueBatches + " must be at least 1");
        }
    }

    /**
     * Reads the {@code opcua} section of {@code config}'s file, checking mappings against {@code fleet}.
     *
     * @param env reads environment variables, for {@code password-env}
     * @throws ConfigException listing every problem with its location and fix
     */
    public static OpcuaSettings load(EngineConfig config, Fleet fleet, Function<String, String> env) {
        if (!config.sections().containsKey("opcua")) {
            return NONE;
        }
        var r = new Reader(config.file(), fleet, env);
        Located root = Located.read(config.file());
        OpcuaSettings s = null;
        if (root instanceof Located.Map_ m && m.entries().get("opcua") != null) {
            Path base = Optional.ofNullable(config.file().getParent()).orElse(Path.of(""));
            s = r.section(m.entries().get("opcua"), base, config.dataDir());
        }
        r.throwIfProblems();
        return s == null ? NONE : s;
    }

    private static final class Reader extends SectionReader {
        final Fleet fleet;
        final Function<String, String> env;

        Reader(Path file, Fleet fleet, Function<String, String> env) {
            super(file);
            this.fleet = fleet;
            this.env = env;
        }

        OpcuaSettings section(Located.Entry section, Path base, Path dataDir) {
            Optional<Located.Map_> om = map(section.value(), "opcua");
            if (om.isEmpty()) {
                return null;
            }
            Located.Map_ m = om.get();
            keys(m, "opcua", SECTION_KEYS);
            Path pki = text(m, "opcua", "pki-dir").flatMap(t -> {
                try {
                    return Optional.of(base.resolve(t).normalize());
                } catch (java.nio.file.InvalidPathException e) {
                    problem(m.entries().get("pki-dir").value(), "opcua.pki-dir", "'"
                            + io.minetwin.engine.config.ConfigException.printable(t) + "' is not a path: "
                            + e.getReason() + "; write a folder, e.g. pki");
                    return Optional.empty();
                }
            }).orElse(dataDir.resolve("pki"));
            int queue = integer(m, "opcua", "queue-batches", 1).orElse(DEFAULT_QUEUE_BATCHES);
            var endpoints = new ArrayList<EndpointConfig>();
            Located.Entry eps = m.entries().get("endpoints");
            if (eps != null) {
                if (eps.value() instanceof Located.List_ list) {
                    Set<String> names = new HashSet<>();
                    for (int i = 0; i < list.items().size(); i++) {
                        endpoint(list.items().get(i), "opcua.endpoints[" + i + "]", pki, names)
                                .ifPresent(endpoints::add);
                    }
                } else if (!(eps.value() instanceof Located.Scalar s && s.text() == null)) {
                    problem(eps.value(), "opcua.endpoints", "expected a list of endpoints ('- name: ...') but found "
                            + Located.describe(eps.value()));
                }
            }
            return new OpcuaSettings(endpoints, queue);
        }

        Optional<EndpointConfig> endpoint(Located n, String path, Path pki, Set<String> names) {
            Optional<Located.Map_> om = map(n, path);
            if (om.isEmpty()) {
                return Optional.empty();
            }
            Located.Map_ m = om.get();
            int before = problems.size();
            keys(m, path, ENDPOINT_KEYS);
            String name = text(m, path, "name").orElse(null);
            if (name == null) {
                problem(m, path + ".name", "missing; give the endpoint a short name, e.g. 'name: pit-north'");
            } else if (!ENDPOINT_NAME.matcher(name).matches()) {
                // The name is a folder of the PKI directory, and appears in logs and the status.
                problem(m.entries().get("name").value(), path + ".name", "endpoint name '"
                        + io.minetwin.engine.config.ConfigException.printable(name) + "' is not a short name: use"
                        + " letters, digits, '.', '_' or '-', starting with a letter or digit (at most 64), e.g."
                        + " 'pit-north'");
                name = null;
            } else if (!names.add(name)) {
                problem(m.entries().get("name").value(), path + ".name", "endpoint name '" + name
                        + "' is used twice; names must be unique");
            }
            String url = text(m, path, "url").orElse(null);
            if (url == null) {
                problem(m, path + ".url", "missing; add the server's endpoint URL, e.g. 'url: opc.tcp://10.1.2.3:4840'");
            } else if (!url.startsWith("opc.tcp://")) {
                problem(m.entries().get("url").value(), path + ".url", "'" + url
                        + "' is not an OPC UA TCP URL; write it as opc.tcp://host:port[/path]");
            }
            // Secure by default: an endpoint without 'security' signs and encrypts; None must be written out.
            Security security = new Security(Security.Policy.BASIC256SHA256, Security.Mode.SIGN_AND_ENCRYPT);
            Optional<String> sec = text(m, path, "security");
            if (sec.isPresent()) {
                try {
                    String[] parts = sec.get().split("/", 2);
                    Security.Policy policy = Security.Policy.parse(parts[0]);
                    Security.Mode mode = parts.length > 1 ? Security.Mode.parse(parts[1])
                            : policy == Security.Policy.NONE ? Security.Mode.NONE : Security.Mode.SIGN_AND_ENCRYPT;
                    security = new Security(policy, mode);
                } catch (IllegalArgumentException ex) {
                    problem(m.entries().get("security").value(), path + ".security", ex.getMessage()
                            + " (write None, Basic256Sha256/Sign or Basic256Sha256/SignAndEncrypt)");
                }
            }
            Identity identity = Identity.ANONYMOUS;
            Optional<String> user = text(m, path, "user");
            Optional<String> password = text(m, path, "password");
            Optional<String> passwordEnv = text(m, path, "password-env");
            if (passwordEnv.isPresent()) {
                String v = env.apply(passwordEnv.get());
                if (v == null) {
                    problem(m.entries().get("password-env").value(), path + ".password-env", "environment variable "
                            + passwordEnv.get() + " is not set; set it to the endpoint's password");
                } else {
                    password = Optional.of(v);
                }
            }
            if (user.isPresent()) {
                if (password.isEmpty()) {
                    problem(m.entries().get("user").value(), path + ".password", "missing for user '" + user.get()
                            + "'; add 'password-env: VARIABLE' (or 'password: ...')");
                } else {
                    identity = new Identity.UserPassword(user.get(), password.get());
                }
            } else if (password.isPresent()) {
                problem(m, path + ".user", "a password is given without a user; add 'user: NAME'");
            }
            boolean passwordOverNone = text(m, path, "allow-password-over-none").map(Boolean::parseBoolean)
                    .orElse(false);
            if (identity instanceof Identity.UserPassword && security.policy() == Security.Policy.NONE
                    && !passwordOverNone) {
                problem(m.entries().get("user").value(), path + ".security", "user '" + user.orElse("")
                        + "' would send its password unencrypted over security None; use 'security:"
                        + " Basic256Sha256/SignAndEncrypt' (the default), or, on a network where that is accepted,"
                        + " add 'allow-password-over-none: true'");
            }
            double publishing = duration(m, path, "publishing-interval").map(d -> (double) d.toMillis())
                    .orElse(EndpointConfig.DEFAULT_PUBLISHING_INTERVAL_MS);
            if (publishing <= 0) {
                problem(m.entries().get("publishing-interval").value(), path + ".publishing-interval",
                        "must be positive, e.g. 500ms");
                publishing = EndpointConfig.DEFAULT_PUBLISHING_INTERVAL_MS;
            }
            int maxItems = integer(m, path, "max-items-per-subscription", 1)
                    .orElse(EndpointConfig.DEFAULT_MAX_ITEMS_PER_SUBSCRIPTION);
            Duration keepAlive = duration(m, path, "keep-alive").filter(d -> !d.isZero())
                    .orElse(EndpointConfig.DEFAULT_KEEP_ALIVE);
            Duration timeout = duration(m, path, "request-timeout").filter(d -> !d.isZero())
                    .orElse(EndpointConfig.DEFAULT_REQUEST_TIMEOUT);
            boolean backfill = text(m, path, "backfill").map(Boolean::parseBoolean).orElse(true);
            boolean enabled = text(m, path, "enabled").map(Boolean::parseBoolean).orElse(true);
            Sampling defaults = m.entries().containsKey("sampling")
                    ? sampling(m.entries().get("sampling").value(), path + ".sampling", Sampling.DEFAULT)
                    : Sampling.DEFAULT;
            var rules = new ArrayList<MappingRule>();
            Located.Entry maps = m.entries().get("mappings");
            if (maps == null) {
                problem(m, path + ".mappings", "missing; add at least one mapping, e.g. '- pattern: "
                        + "Objects/{site}/{asset}/{component}/{channel}' with 'twin: \"baiyun:{asset}\"'");
            } else if (maps.value() instanceof Located.List_ list) {
                for (int i = 0; i < list.items().size(); i++) {
                    mapping(list.items().get(i), path + ".mappings[" + i + "]", defaults).ifPresent(rules::add);
                }
            } else {
                problem(maps.value(), path + ".mappings", "expected a list of mappings but found "
                        + Located.describe(maps.value()));
            }
            if (problems.size() > before || name == null || url == null || !enabled) {
                return Optional.empty();
            }
            return Optional.of(new EndpointConfig(name, url, security, identity, pki.resolve(name), rules, publishing,
                    maxItems, keepAlive, timeout, backfill));
        }

        Sampling sampling(Located n, String path, Sampling fallback) {
            Optional<Located.Map_> om = map(n, path);
            if (om.isEmpty()) {
                return fallback;
            }
            Located.Map_ m = om.get();
            keys(m, path, SAMPLING_KEYS);
            double interval = duration(m, path, "interval").map(d -> (double) d.toMillis())
                    .orElse(fallback.samplingIntervalMs());
            int queue = integer(m, path, "queue-size", 1).orElse(fallback.queueSize());
            Sampling.Deadband deadband = fallback.deadband();
            Optional<String> db = text(m, path, "deadband");
            if (db.isPresent()) {
                String t = db.get().trim();
                try {
                    deadband = t.endsWith("%")
                            ? new Sampling.Deadband(Sampling.Deadband.Kind.PERCENT,
                            Double.parseDouble(t.substring(0, t.length() - 1).trim()))
                            : new Sampling.Deadband(Sampling.Deadband.Kind.ABSOLUTE, Double.parseDouble(t));
                } catch (IllegalArgumentException ex) {
                    problem(m.entries().get("deadband").value(), path + ".deadband", "'" + t
                            + "' is not a deadband; write an absolute change such as 0.5 or a percent of the"
                            + " node's range such as '2%'");
                }
            }
            return new Sampling(interval, queue, deadband);
        }

        Optional<MappingRule> mapping(Located n, String path, Sampling defaults) {
            Optional<Located.Map_> om = map(n, path);
            if (om.isEmpty()) {
                return Optional.empty();
            }
            Located.Map_ m = om.get();
            keys(m, path, MAPPING_KEYS);
            String origin = file + ":" + m.line() + ":" + m.column();
            Sampling sampling = m.entries().containsKey("sampling")
                    ? sampling(m.entries().get("sampling").value(), path + ".sampling", defaults) : defaults;
            Optional<String> unit = text(m, path, "unit");
            if (unit.isPresent() && Units.canonical(unit.get()).isEmpty()) {
                problem(m.entries().get("unit").value(), path + ".unit", "unit '" + unit.get()
                        + "' is not known, so values cannot be converted; use one of the units asset types use,"
                        + " e.g. degC, degF, kPa, psi, bar");
            }
            Optional<String> pattern = text(m, path, "pattern");
            Optional<String> node = text(m, path, "node");
            if (pattern.isPresent() == node.isPresent()) {
                problem(m, path, "give either 'pattern' (a browse path with {captures}) or 'node' (one node id),"
                        + " not " + (pattern.isPresent() ? "both" : "neither"));
                return Optional.empty();
            }
            if (pattern.isPresent()) {
                BrowsePattern p;
                try {
                    p = BrowsePattern.parse(pattern.get());
                } catch (IllegalArgumentException ex) {
                    problem(m.entries().get("pattern").value(), path + ".pattern", ex.getMessage());
                    return Optional.empty();
                }
                String twin = text(m, path, "twin").orElse(null);
                if (twin == null) {
                    problem(m, path + ".twin", "missing; say which twin a match feeds, e.g. 'twin: \"" + fleet.namespace()
                            + ":{asset}\"'");
                    return Optional.empty();
                }
                String channel = text(m, path, "channel").orElse("{component}.{channel}");
                try {
                    var rule = new MappingRule.ByPattern(p, twin, channel, unit, sampling, origin);
                    checkUnitAgainstFleet(rule, m, path);
                    return Optional.of(rule);
                } catch (IllegalArgumentException ex) {
                    problem(m, path, ex.getMessage());
                    return Optional.empty();
                }
            }
            String twinText = text(m, path, "twin").orElse(null);
            String channelText = text(m, path, "channel").orElse(null);
            if (twinText == null || channelText == null) {
                problem(m, path, "a node mapping needs 'twin' (e.g. " + fleet.namespace()
                        + ":truck-07) and 'channel' (component.channel, e.g. engine.coolant-temp)");
                return Optional.empty();
            }
            SeriesKey target;
            try {
                target = SeriesKey.of(TwinId.parse(twinText), channelText);
            } catch (IllegalArgumentException ex) {
                problem(m, path, ex.getMessage());
                return Optional.empty();
            }
            Optional<ChannelSpec> spec = fleet.twin(target.twin())
                    .flatMap(d -> d.type().channel(target.component(), target.channel()));
            if (fleet.twin(target.twin()).isEmpty()) {
                problem(m.entries().get("twin").value(), path + ".twin", "no twin " + target.twin()
                        + " in the fleet; add it to the fleet or fix the id");
                return Optional.empty();
            }
            if (spec.isEmpty()) {
                problem(m.entries().get("channel").value(), path + ".channel", "twin " + target.twin() + " (type "
                        + fleet.twin(target.twin()).get().type().name() + ") has no channel " + channelText);
                return Optional.empty();
            }
            if (unit.isPresent() && Units.canonical(unit.get()).isPresent() && !spec.get().unit().isBlank()) {
                try {
                    Units.conversion(unit.get(), spec.get().unit());
                } catch (IllegalArgumentException ex) {
                    problem(m.entries().get("unit").value(), path + ".unit", ex.getMessage());
                    return Optional.empty();
                }
            }
            return Optional.of(new MappingRule.ByNodeId(node.get(), target, unit, sampling, origin));
        }

        /** A pattern's declared unit must convert to the unit of at least one channel it could feed. */
        private void checkUnitAgainstFleet(MappingRule.ByPattern rule, Located.Map_ m, String path) {
            if (rule.unit().isEmpty() || Units.canonical(rule.unit().get()).isEmpty()) {
                return;
            }
            boolean any = false;
            String lastError = null;
            for (var d : fleet.twins().values()) {
                for (var c : d.type().components()) {
                    for (var ch : c.channels()) {
                        if (ch.unit().isBlank()) {
                            continue;
                        }
                        try {
                            Units.conversion(rule.unit().get(), ch.unit());
                            any = true;
                        } catch (IllegalArgumentException ex) {
                            lastError = ex.getMessage();
                        }
                    }
                }
            }
            if (!any && lastError != null) {
                problem(m.entries().get("unit").value(), path + ".unit", "unit '" + rule.unit().get()
                        + "' converts to no channel unit of the fleet; " + lastError);
            }
        }
    }
}
