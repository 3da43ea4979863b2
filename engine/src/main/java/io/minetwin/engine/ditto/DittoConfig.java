package io.minetwin.engine.ditto;

import io.minetwin.connectors.ditto.DittoSettings;
import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.Durations;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.config.SectionLocations;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code ditto} section of the engine configuration. Every problem is reported together with
 * {@code file:line:column}, the key and the fix.
 *
 * <pre>
 * ditto:
 *   endpoint: ws://ditto.example:8080      # Ditto's gateway or nginx; wss:// for TLS
 *   user: minetwin                         # basic auth ...
 *   password-env: DITTO_PASSWORD           # ... or password: ...
 *   # token-file: /run/secrets/ditto-jwt   # or a bearer token (JWT), re-read when the session expires
 *   policy: org.baiyun:minetwin            # things are created with this policy (default: Ditto's own)
 *   namespaces: {baiyun: org.baiyun}       # minetwin namespace -> Ditto namespace
 *   twins: ["baiyun:*"]                    # globs over twin ids (default: all)
 *   components: ["*"]                      # globs over component names (default: all)
 *   max-updates-per-second: 2              # per thing (default 2)
 *   max-in-flight: 256                     # commands awaiting answers (default 256)
 *   request-timeout: 20s
 *   backoff: {min: 1s, max: 60s}
 *   watch-deletions: false                 # START-SEND-EVENTS and re-create deleted things at once
 *   enabled: true
 * </pre>
 */
public final class DittoConfig {

    private static final List<String> KEYS = List.of("endpoint", "user", "password", "password-env", "token-env",
            "token-file", "policy", "namespaces", "twins", "components", "max-updates-per-second", "max-in-flight",
            "request-timeout", "backoff", "watch-deletions", "enabled");

    private final Path file;
    private final Map<String, int[]> locations;
    private final Function<String, String> env;
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    private DittoConfig(Path file, Map<String, int[]> locations, Function<String, String> env) {
        this.file = file;
        this.locations = locations;
        this.env = env;
    }

    /**
     * Reads the {@code ditto} section of {@code config}; empty if there is none or it says
     * {@code enabled: false}.
     *
     * @param env reads environment variables, for {@code password-env} and {@code token-env}
     * @throws ConfigException listing every problem with its location and fix
     */
    public static Optional<DittoSettings> load(EngineConfig config, Function<String, String> env) {
        Object section = config.sections().get("ditto");
        if (section == null) {
            return Optional.empty();
        }
        var reader = new DittoConfig(config.file(), SectionLocations.locate(config.file(), "ditto"), env);
        Optional<DittoSettings> settings = reader.section(section,
                Optional.ofNullable(config.file().getParent()).orElse(Path.of("")));
        if (!reader.problems.isEmpty()) {
            throw new ConfigException(reader.problems);
        }
        return settings;
    }

    private void problem(String key, String message) {
        int[] at = locations.getOrDefault(key, locations.getOrDefault(parent(key), new int[] {0, 0}));
        problems.add(new ConfigException.Problem(file, at[0], at[1], key, message));
    }

    private static String parent(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    private Optional<DittoSettings> section(Object section, Path base) {
        if (!(section instanceof Map<?, ?> m)) {
            problem("ditto", "expected a mapping with endpoint, user, password-env, ... but found '" + section + "'");
            return Optional.empty();
        }
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k)) && !String.valueOf(k).startsWith("x-")) {
                problem("ditto." + k, "unknown key; known keys: " + String.join(", ", KEYS));
            }
        }
        if (m.containsKey("enabled") && !bool(m, "enabled", true)) {
            return Optional.empty();
        }
        URI endpoint = null;
        String url = text(m, "endpoint");
        if (url == null) {
            problem("ditto.endpoint", "missing; add Ditto's WebSocket, e.g. 'endpoint: ws://localhost:8080'");
        } else {
            try {
                endpoint = new URI(url);
                if (!"ws".equals(endpoint.getScheme()) && !"wss".equals(endpoint.getScheme())
                        || endpoint.getHost() == null) {
                    problem("ditto.endpoint", "'" + url + "' is not a WebSocket URL; write ws://host:port (or wss://"
                            + " for TLS), e.g. ws://localhost:8080 for Ditto's docker compose");
                    endpoint = null;
                }
            } catch (URISyntaxException e) {
                problem("ditto.endpoint", "'" + url + "' is not a URL: " + e.getReason());
            }
        }
        DittoSettings.Auth auth = auth(m, base);
        var namespaces = new LinkedHashMap<String, String>();
        Object ns = m.get("namespaces");
        if (ns instanceof Map<?, ?> nm) {
            nm.forEach((k, v) -> namespaces.put(String.valueOf(k), String.valueOf(v)));
        } else if (ns != null) {
            problem("ditto.namespaces", "expected a mapping of minetwin namespace to Ditto namespace, e.g."
                    + " '{baiyun: org.baiyun}'");
        }
        List<String> twins = globs(m, "twins");
        List<String> components = globs(m, "components");
        double rate = number(m, "max-updates-per-second", DittoSettings.DEFAULT_MAX_UPDATES_PER_SECOND);
        int inFlight = (int) number(m, "max-in-flight", DittoSettings.DEFAULT_MAX_IN_FLIGHT);
        Duration timeout = duration(m, "ditto", "request-timeout").orElse(DittoSettings.DEFAULT_REQUEST_TIMEOUT);
        Duration minBackoff = DittoSettings.DEFAULT_MIN_BACKOFF;
        Duration maxBackoff = DittoSettings.DEFAULT_MAX_BACKOFF;
        Object backoff = m.get("backoff");
        if (backoff instanceof Map<?, ?> bm) {
            minBackoff = duration(bm, "ditto.backoff", "min").orElse(minBackoff);
            maxBackoff = duration(bm, "ditto.backoff", "max").orElse(maxBackoff);
        } else if (backoff != null) {
            problem("ditto.backoff", "expected a mapping such as '{min: 1s, max: 60s}'");
        }
        boolean watch = bool(m, "watch-deletions", false);
        Optional<String> policy = Optional.ofNullable(text(m, "policy"));
        if (policy.isPresent() && !policy.get().matches("[a-zA-Z]\\w*(\\.[a-zA-Z]\\w*)*:[^/\\x00-\\x1F]+")) {
            problem("ditto.policy", "'" + policy.get() + "' is not a Ditto policy id; write namespace:name, e.g."
                    + " org.baiyun:minetwin");
        }
        if (!problems.isEmpty() || endpoint == null || auth == null) {
            return Optional.empty();
        }
        if ("ws".equals(endpoint.getScheme())) {
            org.slf4j.LoggerFactory.getLogger(DittoConfig.class).warn("ditto.endpoint {} is plain ws://: the Ditto"
                    + " credentials and every twin update cross the network unencrypted; use wss:// (Ditto behind"
                    + " TLS) outside a lab", endpoint);
        }
        try {
            return Optional.of(new DittoSettings(endpoint, auth, namespaces, policy, twins, components, rate,
                    inFlight, timeout, minBackoff, maxBackoff, watch));
        } catch (IllegalArgumentException e) {
            problem("ditto", e.getMessage());
            return Optional.empty();
        }
    }

    private DittoSettings.Auth auth(Map<?, ?> m, Path base) {
        String user = text(m, "user");
        String password = text(m, "password");
        String passwordEnv = text(m, "password-env");
        String tokenEnv = text(m, "token-env");
        String tokenFile = text(m, "token-file");
        if (passwordEnv != null) {
            password = env.apply(passwordEnv);
            if (password == null) {
                problem("ditto.password-env", "environment variable " + passwordEnv
                        + " is not set; set it to the Ditto user's password");
                return null;
            }
        }
        if (tokenEnv != null || tokenFile != null) {
            if (user != null || tokenEnv != null && tokenFile != null) {
                problem(tokenEnv != null ? "ditto.token-env" : "ditto.token-file", "give one way to log in: user"
                        + " with password(-env), token-env or token-file");
                return null;
            }
            if (tokenEnv != null) {
                if (env.apply(tokenEnv) == null) {
                    problem("ditto.token-env", "environment variable " + tokenEnv + " is not set; set it to the"
                            + " bearer token (a JWT) Ditto accepts");
                    return null;
                }
                String name = tokenEnv;
                return new DittoSettings.Auth.Bearer(() -> env.apply(name).trim());
            }
            Path path = base.resolve(tokenFile).normalize();
            if (!Files.isReadable(path)) {
                problem("ditto.token-file", "cannot read " + path + "; write the bearer token (a JWT) there");
                return null;
            }
            return new DittoSettings.Auth.Bearer(() -> {
                try {
                    return Files.readString(path, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read the Ditto token from " + path + ": " + e, e);
                }
            });
        }
        if (user == null) {
            problem("ditto.user", "missing; add 'user: NAME' with 'password-env: VARIABLE' (Ditto's docker compose"
                    + " uses ditto/ditto), or 'token-env'/'token-file' for a bearer token");
            return null;
        }
        if (password == null) {
            problem("ditto.password-env", "missing for user '" + user + "'; add 'password-env: VARIABLE'"
                    + " (or 'password: ...')");
            return null;
        }
        try {
            return new DittoSettings.Auth.Basic(user, password);
        } catch (IllegalArgumentException e) {
            problem("ditto.user", e.getMessage());
            return null;
        }
    }

    private String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            problem("ditto." + key, "expected a value but found a " + (v instanceof Map ? "mapping" : "list"));
            return null;
        }
        return String.valueOf(v);
    }

    private boolean bool(Map<?, ?> m, String key, boolean fallback) {
        String t = text(m, key);
        if (t == null) {
            return fallback;
        }
        if (!t.equals("true") && !t.equals("false")) {
            problem("ditto." + key, "expected true or false but found '" + t + "'");
            return fallback;
        }
        return Boolean.parseBoolean(t);
    }

    private double number(Map<?, ?> m, String key, double fallback) {
        String t = text(m, key);
        if (t == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(t);
            if (v > 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problem("ditto." + key, "expected a positive number but found '" + t + "'");
        return fallback;
    }

    private Optional<Duration> duration(Map<?, ?> m, String path, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            Duration d = Durations.parse(String.valueOf(v), false);
            if (d.isZero() || d.isNegative()) {
                problem(path + "." + key, "must be positive, e.g. 1s");
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            problem(path + "." + key, e.getMessage());
            return Optional.empty();
        }
    }

    private List<String> globs(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l && l.stream().allMatch(x -> x != null && !(x instanceof Map || x instanceof List))) {
            return l.stream().map(String::valueOf).toList();
        }
        if (!(v instanceof Map || v instanceof List)) {
            return List.of(String.valueOf(v));
        }
        problem("ditto." + key, "expected a list of globs such as [\"baiyun:shovel-*\"]");
        return List.of();
    }
}
