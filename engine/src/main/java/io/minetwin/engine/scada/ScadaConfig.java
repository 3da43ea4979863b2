package io.minetwin.engine.scada;

import io.minetwin.connectors.opcua.server.ScadaLimits;
import io.minetwin.connectors.opcua.server.ScadaRole;
import io.minetwin.connectors.opcua.server.ScadaServerSettings;
import io.minetwin.connectors.opcua.server.ScadaUser;
import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.config.SectionLocations;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code scada} section of the engine configuration: the OPC UA server for SCADA systems. Every
 * problem is reported together, each with {@code file:line:column}, the key and the fix.
 *
 * <pre>
 * scada:
 *   bind: 127.0.0.1              # default; 0.0.0.0 serves every interface
 *   hostname: scada-gw.example   # the name clients use (default: bind, or this machine's name for 0.0.0.0)
 *   port: 4840                   # default
 *   path: /minetwin              # default
 *   pki-dir: scada-pki           # default: &lt;data-dir&gt;/scada-pki (own/, trusted/certs/, rejected/)
 *   users:
 *     - name: control-room
 *       role: scada              # scada or admin
 *       password-hash: pbkdf2-sha256:600000:...   # from: ./minetwin scada hash-password
 *   allow-anonymous-none: false  # true adds a security-None endpoint with anonymous read-only access
 *   max-values-per-read: 10000   # HistoryRead values per node before a continuation point
 *   max-history-points-per-call: 100000   # HistoryRead values per call, all nodes together
 *   max-sessions: 50             # sessions at once (Bad_TooManySessions past it)
 *   max-subscriptions-per-session: 20     # Bad_TooManySubscriptions past it
 *   max-monitored-items-per-session: 10000  # Bad_TooManyMonitoredItems past it
 *   max-queue-size: 100          # values a monitored item queues between publishes (larger requests revised)
 *   min-sampling-interval: 100   # ms; a monitored channel gets at most one value (the latest) per interval
 *   enabled: true
 * </pre>
 */
public final class ScadaConfig {

    private static final List<String> KEYS = List.of("bind", "hostname", "port", "path", "pki-dir", "users",
            "allow-anonymous-none", "max-values-per-read", "max-history-points-per-call", "max-sessions",
            "max-subscriptions-per-session", "max-monitored-items-per-session", "max-queue-size", "min-sampling-interval",
            "enabled");
    private static final List<String> USER_KEYS = List.of("name", "role", "password-hash");

    private final Path file;
    private final Map<String, int[]> locations;
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    private ScadaConfig(Path file, Map<String, int[]> locations) {
        this.file = file;
        this.locations = locations;
    }

    /**
     * Reads the {@code scada} section of {@code config}; empty if there is none or it says {@code enabled: false}.
     *
     * @throws ConfigException listing every problem with its location and fix
     */
    public static Optional<ScadaServerSettings> load(EngineConfig config) {
        Object section = config.sections().get("scada");
        if (section == null) {
            return Optional.empty();
        }
        var reader = new ScadaConfig(config.file(), SectionLocations.locate(config.file(), "scada"));
        Path base = Optional.ofNullable(config.file().getParent()).orElse(Path.of(""));
        Optional<ScadaServerSettings> s = reader.section(section, base, config.dataDir());
        if (!reader.problems.isEmpty()) {
            throw new ConfigException(reader.problems);
        }
        return s;
    }

    private void problem(String key, String message) {
        String k = key;
        int[] at = locations.get(k);
        while (at == null && k.contains(".")) {
            k = k.substring(0, Math.max(k.lastIndexOf('.'), k.lastIndexOf('[')));
            at = locations.get(k);
        }
        at = at == null ? new int[] {0, 0} : at;
        problems.add(new ConfigException.Problem(file, at[0], at[1], key, message));
    }

    private Optional<ScadaServerSettings> section(Object section, Path base, Path dataDir) {
        if (!(section instanceof Map<?, ?> m)) {
            problem("scada", "expected a mapping with port, users, ... but found '" + section + "'");
            return Optional.empty();
        }
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k)) && !String.valueOf(k).startsWith("x-")) {
                problem("scada." + k, "unknown key; known keys: " + String.join(", ", KEYS));
            }
        }
        if (!bool(m, "scada", "enabled", true)) {
            return Optional.empty();
        }
        String bind = Optional.ofNullable(text(m, "scada", "bind")).orElse("127.0.0.1");
        String hostname = text(m, "scada", "hostname");
        if (hostname == null) {
            hostname = bind.equals("0.0.0.0") || bind.equals("::") ? localHost() : bind;
        }
        int port = (int) integer(m, "port", ScadaServerSettings.DEFAULT_PORT, 0, 65_535);
        String path = Optional.ofNullable(text(m, "scada", "path")).orElse(ScadaServerSettings.DEFAULT_PATH);
        if (!path.startsWith("/") || path.contains(" ")) {
            problem("scada.path", "'" + path + "' must start with '/' and have no spaces, e.g. /minetwin");
        }
        Path pki = Optional.ofNullable(text(m, "scada", "pki-dir")).map(p -> base.resolve(p).normalize())
                .orElse(dataDir.resolve("scada-pki"));
        boolean anonymous = bool(m, "scada", "allow-anonymous-none", false);
        int maxValues = (int) integer(m, "max-values-per-read", ScadaServerSettings.DEFAULT_MAX_VALUES_PER_READ, 1,
                1_000_000);
        var limits = new ScadaLimits(
                (int) integer(m, "max-sessions", ScadaLimits.DEFAULT_MAX_SESSIONS, 1, 10_000),
                (int) integer(m, "max-subscriptions-per-session", ScadaLimits.DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION, 1,
                        10_000),
                (int) integer(m, "max-monitored-items-per-session",
                        ScadaLimits.DEFAULT_MAX_MONITORED_ITEMS_PER_SESSION, 1, 1_000_000),
                (int) integer(m, "max-queue-size", ScadaLimits.DEFAULT_MAX_QUEUE_SIZE, 1, 65_535),
                (int) integer(m, "max-history-points-per-call", ScadaLimits.DEFAULT_MAX_HISTORY_POINTS_PER_CALL, 1,
                        10_000_000),
                integer(m, "min-sampling-interval", (long) ScadaLimits.DEFAULT_MIN_SAMPLING_INTERVAL, 1,
                        (long) ScadaLimits.MAX_MIN_SAMPLING_INTERVAL));
        List<ScadaUser> users = users(m.get("users"));
        if (users.isEmpty() && !anonymous && problems.isEmpty()) {
            problem("scada.users", "no users and no anonymous endpoint: nobody could connect; add a user (name, role,"
                    + " password-hash from './minetwin scada hash-password') or set allow-anonymous-none: true");
        }
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ScadaServerSettings(bind, hostname, port, path, pki, users, anonymous, maxValues,
                    limits));
        } catch (IllegalArgumentException e) {
            problem("scada", e.getMessage());
            return Optional.empty();
        }
    }

    private List<ScadaUser> users(Object v) {
        var out = new ArrayList<ScadaUser>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List<?> list)) {
            problem("scada.users", "expected a list of {name, role, password-hash}");
            return out;
        }
        var names = new HashMap<String, Integer>();
        for (int i = 0; i < list.size(); i++) {
            String at = "scada.users[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> u)) {
                problem(at, "expected a mapping with name, role and password-hash");
                continue;
            }
            for (Object k : u.keySet()) {
                if (!USER_KEYS.contains(String.valueOf(k))) {
                    problem(at + "." + k, "unknown key; known keys: " + String.join(", ", USER_KEYS)
                            + (String.valueOf(k).equals("password") ? " (passwords are configured as hashes: run"
                            + " './minetwin scada hash-password' and write its output as password-hash)" : ""));
                }
            }
            String name = text(u, at, "name");
            String role = text(u, at, "role");
            String hash = text(u, at, "password-hash");
            if (name == null || role == null || hash == null) {
                problem(at, "missing " + (name == null ? "name" : role == null ? "role (scada or admin)"
                        : "password-hash (from './minetwin scada hash-password')"));
                continue;
            }
            Integer first = names.putIfAbsent(name, i);
            if (first != null) {
                problem(at + ".name", "user '" + name + "' is already declared at scada.users[" + first
                        + "]; keep one");
                continue;
            }
            ScadaRole r;
            try {
                r = ScadaRole.parse(role);
            } catch (IllegalArgumentException e) {
                problem(at + ".role", e.getMessage());
                continue;
            }
            try {
                out.add(new ScadaUser(name, hash, r));
            } catch (IllegalArgumentException e) {
                problem(at + ".password-hash", e.getMessage());
            }
        }
        return out;
    }

    private String text(Map<?, ?> m, String path, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            problem(path + "." + key, "expected a value but found a " + (v instanceof Map ? "mapping" : "list"));
            return null;
        }
        return String.valueOf(v).trim();
    }

    private boolean bool(Map<?, ?> m, String path, String key, boolean fallback) {
        String t = text(m, path, key);
        if (t == null) {
            return fallback;
        }
        if (!t.equals("true") && !t.equals("false")) {
            problem(path + "." + key, "expected true or false but found '" + t + "'");
            return fallback;
        }
        return Boolean.parseBoolean(t);
    }

    private long integer(Map<?, ?> m, String key, long fallback, long min, long max) {
        String t = text(m, "scada", key);
        if (t == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(t);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problem("scada." + key, "expected a whole number from " + min + " to " + max + " but found '" + t + "'"
                + (key.equals("port") ? " (4840 is the OPC UA port; 0 picks a free one)" : "")
                + (key.equals("min-sampling-interval") ? " (milliseconds, e.g. 100)" : ""));
        return fallback;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
