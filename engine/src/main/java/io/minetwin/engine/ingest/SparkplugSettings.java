package io.minetwin.engine.ingest;

import io.minetwin.connectors.opcua.BrowsePattern;
import io.minetwin.connectors.opcua.Identity;
import io.minetwin.connectors.opcua.Units;
import io.minetwin.connectors.sparkplug.BrokerConfig;
import io.minetwin.connectors.sparkplug.MetricRule;
import io.minetwin.connectors.sparkplug.NamePattern;
import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.config.Located;
import io.minetwin.engine.config.SectionReader;
import io.minetwin.model.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code sparkplug} section of the engine configuration: MQTT brokers carrying Sparkplug B, with their
 * TLS trust, login and metric mappings. Every problem is reported with {@code file:line:column}, the key and
 * the fix. Samples go through the same ingest queue as OPC UA's ({@code opcua.queue-batches}).
 *
 * <pre>
 * sparkplug:
 *   brokers:
 *     - name: site-uns
 *       url: ssl://10.1.2.5:8883                  # tcp://host:1883 without TLS
 *       client-id: minetwin-baiyun                # default minetwin-&lt;name&gt;
 *       user: minetwin
 *       password-env: UNS_PASSWORD
 *       truststore: certs/uns-ca.p12              # PKCS#12 (or .jks) with the CA of the broker's certificate
 *       truststore-password-env: UNS_TRUSTSTORE_PASSWORD
 *       groups: [Baiyun]                          # default: every group
 *       rebirth-interval: 5s
 *       host-id: minetwin-baiyun                  # publish spBv1.0/STATE/minetwin-baiyun (Sparkplug 3.0 host)
 *       mappings:
 *         - group: Baiyun
 *           edge-node: "{asset}"
 *           metric: "{component}/{channel}"       # the edge node's own metrics
 *           twin: "baiyun:{asset}"
 *           channel: "{component}.{channel}"
 *         - edge-node: "{asset}"
 *           device: "{component}"                 # device metrics
 *           metric: "{channel}"
 *           twin: "baiyun:{asset}"
 *           unit: degF                            # when the birth's engUnit is missing or wrong
 * </pre>
 *
 * @param brokers the brokers to connect, in order
 */
public record SparkplugSettings(List<BrokerConfig> brokers) {

    public static final SparkplugSettings NONE = new SparkplugSettings(List.of());

    private static final List<String> SECTION_KEYS = List.of("brokers");
    private static final List<String> BROKER_KEYS = List.of("name", "url", "client-id", "user", "password",
            "password-env", "allow-password-over-plain", "truststore", "truststore-password-env", "groups",
            "rebirth-interval", "keep-alive", "mappings", "enabled", "host-id");
    private static final List<String> MAPPING_KEYS = List.of("group", "edge-node", "device", "metric", "twin",
            "channel", "unit");

    public SparkplugSettings {
        brokers = List.copyOf(brokers);
    }

    /**
     * Reads the {@code sparkplug} section of {@code config}'s file.
     *
     * @param env reads environment variables, for {@code password-env} and {@code truststore-password-env}
     * @throws ConfigException listing every problem with its location and fix
     */
    public static SparkplugSettings load(EngineConfig config, Fleet fleet, Function<String, String> env) {
        if (!config.sections().containsKey("sparkplug")) {
            return NONE;
        }
        var r = new Reader(config.file(), fleet, env);
        Located root = Located.read(config.file());
        SparkplugSettings s = null;
        if (root instanceof Located.Map_ m && m.entries().get("sparkplug") != null) {
            Path base = Optional.ofNullable(config.file().getParent()).orElse(Path.of(""));
            s = r.section(m.entries().get("sparkplug"), base);
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

        SparkplugSettings section(Located.Entry section, Path base) {
            Optional<Located.Map_> om = map(section.value(), "sparkplug");
            if (om.isEmpty()) {
                return null;
            }
            Located.Map_ m = om.get();
            keys(m, "sparkplug", SECTION_KEYS);
            var brokers = new ArrayList<BrokerConfig>();
            Located.Entry list = m.entries().get("brokers");
            if (list == null) {
                problem(m, "sparkplug.brokers", "missing; add a list of brokers ('- name: site-uns' with 'url' and"
                        + " 'mappings')");
            } else if (list.value() instanceof Located.List_ l) {
                Set<String> names = new HashSet<>();
                Set<String> clientIds = new HashSet<>();
                for (int i = 0; i < l.items().size(); i++) {
                    broker(l.items().get(i), "sparkplug.brokers[" + i + "]", base, names, clientIds)
                            .ifPresent(brokers::add);
                }
            } else {
                problem(list.value(), "sparkplug.brokers", "expected a list of brokers ('- name: ...') but found "
                        + Located.describe(list.value()));
            }
            return new SparkplugSettings(brokers);
        }

        Optional<BrokerConfig> broker(Located n, String path, Path base, Set<String> names, Set<String> clientIds) {
            Optional<Located.Map_> om = map(n, path);
            if (om.isEmpty()) {
                return Optional.empty();
            }
            Located.Map_ m = om.get();
            int before = problems.size();
            keys(m, path, BROKER_KEYS);
            String name = text(m, path, "name").orElse(null);
            if (name == null) {
                problem(m, path + ".name", "missing; give the broker a short name, e.g. 'name: site-uns'");
            } else if (!names.add(name)) {
                problem(at(m, "name"), path + ".name", "broker name '" + name + "' is used twice; names must be unique");
            }
            String url = text(m, path, "url").orElse(null);
            if (url == null) {
                problem(m, path + ".url", "missing; add the broker's URL, e.g. 'url: ssl://10.1.2.5:8883' (TLS) or"
                        + " 'url: tcp://10.1.2.5:1883'");
            } else if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) {
                problem(at(m, "url"), path + ".url", "'" + url + "' is not an MQTT URL; write ssl://host:port (TLS)"
                        + " or tcp://host:port");
            }
            String clientId = text(m, path, "client-id").orElse("minetwin-" + (name == null ? "" : name));
            if (!clientIds.add(clientId)) {
                problem(m, path + ".client-id", "client id '" + clientId + "' is used by two brokers; MQTT brokers"
                        + " disconnect the older of two clients with one id; give each its own 'client-id'");
            }
            Identity identity = Identity.ANONYMOUS;
            Optional<String> user = text(m, path, "user");
            Optional<String> password = text(m, path, "password");
            Optional<String> passwordEnv = text(m, path, "password-env");
            if (passwordEnv.isPresent()) {
                String v = env.apply(passwordEnv.get());
                if (v == null) {
                    problem(at(m, "password-env"), path + ".password-env", "environment variable " + passwordEnv.get()
                            + " is not set; set it to the broker user's password");
                } else {
                    password = Optional.of(v);
                }
            }
            if (user.isPresent()) {
                if (password.isEmpty() && passwordEnv.isEmpty()) {
                    problem(at(m, "user"), path + ".password", "missing for user '" + user.get()
                            + "'; add 'password-env: VARIABLE' (or 'password: ...')");
                } else if (password.isPresent()) {
                    identity = new Identity.UserPassword(user.get(), password.get());
                }
            } else if (password.isPresent() || passwordEnv.isPresent()) {
                problem(m, path + ".user", "a password is given without a user; add 'user: NAME'");
            }
            if (user.isPresent() && url != null && url.startsWith("tcp://")
                    && !bool(m, path, "allow-password-over-plain", false)) {
                problem(at(m, "user"), path + ".url", "user '" + user.get() + "' would send its password unencrypted"
                        + " over tcp://; use TLS (ssl://host:8883 with 'truststore'), or, on a network where that is"
                        + " accepted, add 'allow-password-over-plain: true'");
            }
            Optional<BrokerConfig.Truststore> truststore = Optional.empty();
            Optional<String> ts = text(m, path, "truststore");
            if (ts.isPresent()) {
                Path f = base.resolve(ts.get()).normalize();
                if (url != null && !url.startsWith("ssl://")) {
                    problem(at(m, "truststore"), path + ".truststore", "a truststore is only used with TLS; write the"
                            + " url as ssl://host:port");
                }
                if (!Files.isRegularFile(f)) {
                    problem(at(m, "truststore"), path + ".truststore", "file " + f + " does not exist; give a PKCS#12"
                            + " (or .jks) file with the CA certificate that signed the broker's, e.g. made with"
                            + " keytool -importcert -file ca.pem -alias ca -keystore uns-ca.p12 -storetype PKCS12");
                }
                Optional<String> tsEnv = text(m, path, "truststore-password-env");
                String tsPassword = "";
                if (tsEnv.isEmpty()) {
                    problem(at(m, "truststore"), path + ".truststore-password-env", "missing; name the environment"
                            + " variable that holds the truststore's password");
                } else if (env.apply(tsEnv.get()) == null) {
                    problem(at(m, "truststore-password-env"), path + ".truststore-password-env", "environment variable "
                            + tsEnv.get() + " is not set; set it to the truststore's password");
                } else {
                    tsPassword = env.apply(tsEnv.get());
                }
                truststore = Optional.of(new BrokerConfig.Truststore(f, tsPassword.toCharArray()));
            } else if (m.entries().containsKey("truststore-password-env")) {
                problem(at(m, "truststore-password-env"), path + ".truststore", "a truststore password is given"
                        + " without 'truststore'; add 'truststore: FILE'");
            }
            List<String> groups = new ArrayList<>();
            Located.Entry ge = m.entries().get("groups");
            if (ge != null) {
                if (ge.value() instanceof Located.List_ gl) {
                    for (Located g : gl.items()) {
                        if (g instanceof Located.Scalar sc && sc.text() != null && !sc.text().isEmpty()
                                && !sc.text().matches(".*[/+#].*")) {
                            groups.add(sc.text());
                        } else {
                            problem(g, path + ".groups", "expected a Sparkplug group id (no '/', '+' or '#') but found "
                                    + Located.describe(g));
                        }
                    }
                } else {
                    problem(ge.value(), path + ".groups", "expected a list of group ids, e.g. [Baiyun]");
                }
            }
            Duration rebirth = positiveDuration(m, path, "rebirth-interval").orElse(BrokerConfig.DEFAULT_REBIRTH_INTERVAL);
            Duration keepAlive = positiveDuration(m, path, "keep-alive").orElse(BrokerConfig.DEFAULT_KEEP_ALIVE);
            if (keepAlive.getSeconds() < 1 || keepAlive.getSeconds() > 65_535) {
                problem(at(m, "keep-alive"), path + ".keep-alive", "must be between 1s and 65535s, e.g. 30s");
            }
            Optional<String> hostId = text(m, path, "host-id");
            if (hostId.isPresent()) {
                try {
                    BrokerConfig.requireHostId(hostId.get());
                } catch (IllegalArgumentException ex) {
                    problem(at(m, "host-id"), path + ".host-id", ex.getMessage());
                }
            }
            boolean enabled = bool(m, path, "enabled", true);
            var rules = new ArrayList<MetricRule>();
            Located.Entry maps = m.entries().get("mappings");
            if (maps == null) {
                problem(m, path + ".mappings", "missing; add at least one mapping, e.g. '- edge-node: \"{asset}\"'"
                        + " with 'metric: \"{component}/{channel}\"' and 'twin: \"" + fleet.namespace() + ":{asset}\"'");
            } else if (maps.value() instanceof Located.List_ list) {
                for (int i = 0; i < list.items().size(); i++) {
                    mapping(list.items().get(i), path + ".mappings[" + i + "]").ifPresent(rules::add);
                }
            } else {
                problem(maps.value(), path + ".mappings", "expected a list of mappings but found "
                        + Located.describe(maps.value()));
            }
            if (problems.size() > before || name == null || url == null || !enabled) {
                return Optional.empty();
            }
            return Optional.of(new BrokerConfig(name, url, clientId, identity, truststore, groups, rules, rebirth,
                    keepAlive, hostId));
        }

        Optional<NamePattern> pattern(Located.Map_ m, String path, String key, String fallback) {
            Optional<String> t = text(m, path, key);
            if (t.isEmpty() && fallback == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(NamePattern.parse(t.orElse(fallback), key));
            } catch (IllegalArgumentException ex) {
                problem(at(m, key), path + "." + key, ex.getMessage());
                return Optional.empty();
            }
        }

        Optional<MetricRule> mapping(Located n, String path) {
            Optional<Located.Map_> om = map(n, path);
            if (om.isEmpty()) {
                return Optional.empty();
            }
            Located.Map_ m = om.get();
            int before = problems.size();
            keys(m, path, MAPPING_KEYS);
            String origin = file + ":" + m.line() + ":" + m.column();
            Optional<NamePattern> group = pattern(m, path, "group", "*");
            Optional<NamePattern> edgeNode = pattern(m, path, "edge-node", "*");
            Optional<NamePattern> device = m.entries().containsKey("device") ? pattern(m, path, "device", null)
                    : Optional.empty();
            Optional<NamePattern> metric = Optional.empty();
            if (!m.entries().containsKey("metric")) {
                problem(m, path + ".metric", "missing; give the metric name pattern, e.g. 'metric:"
                        + " \"{component}/{channel}\"' or one metric's name");
            } else {
                metric = pattern(m, path, "metric", null);
            }
            String twin = text(m, path, "twin").orElse(null);
            if (twin == null) {
                problem(m, path + ".twin", "missing; say which twin a metric feeds, e.g. 'twin: \"" + fleet.namespace()
                        + ":{asset}\"'");
            }
            String channel = text(m, path, "channel").orElse("{component}.{channel}");
            Optional<String> unit = text(m, path, "unit");
            if (unit.isPresent() && Units.canonical(unit.get()).isEmpty()) {
                problem(at(m, "unit"), path + ".unit", "unit '" + unit.get() + "' is not known, so values cannot be"
                        + " converted; use one of the units asset types use, e.g. degC, degF, kPa, psi, bar");
            }
            if (metric.isEmpty() || group.isEmpty() || edgeNode.isEmpty() || twin == null
                    || (m.entries().containsKey("device") && device.isEmpty())) {
                return Optional.empty();
            }
            if (BrowsePattern.placeholders(channel).isEmpty() && !channel.contains(".")) {
                problem(m, path + ".channel", "'" + channel + "' must be component.channel, e.g. hoist.temperature");
                return Optional.empty();
            }
            try {
                var rule = new MetricRule(group.get(), edgeNode.get(), device, metric.get(), twin, channel, unit, origin);
                return problems.size() > before ? Optional.empty() : Optional.of(rule);
            } catch (IllegalArgumentException ex) {
                problem(m, path, ex.getMessage());
                return Optional.empty();
            }
        }
    }
}
