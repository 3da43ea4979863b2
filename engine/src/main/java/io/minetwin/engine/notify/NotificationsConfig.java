package io.minetwin.engine.notify;

import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.Durations;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.config.SectionLocations;
import io.minetwin.model.AlertLevel;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code notifications} section of the engine configuration. Every problem is reported together, each with
 * {@code file:line:column}, the key and the fix.
 *
 * <pre>
 * notifications:
 *   dashboard-url: https://minetwin.example:8443/   # for the link to the machine view in each message
 *   queue-capacity: 10000                            # alerts (and notifications per channel) waiting, then dropped
 *   channels:
 *     control-room:
 *       type: webhook
 *       url: https://hooks.example/minetwin
 *       secret-env: MINETWIN_WEBHOOK_SECRET          # the HMAC-SHA256 key, at least 16 characters
 *       timeout: 10s
 *       retry: {attempts: 5, backoff: {min: 2s, max: 1m}}
 *       # trusted-certificates: certs/private-ca.pem  # besides the JDK's CAs
 *     maintenance-mail:
 *       type: email
 *       host: smtp.example
 *       port: 587
 *       starttls: required                           # or optional
 *       user: minetwin@example                       # omit to send without logging in
 *       password-env: MINETWIN_SMTP_PASSWORD
 *       from: minetwin@example
 *       to: [planner@example, reliability@example]
 *   rules:
 *     - name: hoists
 *       level: warning                               # this level and above: watch, warning, critical
 *       asset-types: [electric-rope-shovel]          # globs; absent = all
 *       sites: ["Baiyun*"]
 *       components: "hoist-*"                        # a glob or a list
 *       twins: ["baiyun:shovel-*"]
 *       channels: [control-room, maintenance-mail]
 *       digest: 5m                                   # default 5m; 0s sends every alert at once
 *   enabled: true
 * </pre>
 */
public final class NotificationsConfig {

    static final String SECTION = "notifications";
    static final Duration DEFAULT_DIGEST = Duration.ofMinutes(5);
    static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_EMAIL_TIMEOUT = Duration.ofSeconds(30);
    static final int MIN_SECRET_LENGTH = 16;

    private static final List<String> KEYS = List.of("dashboard-url", "queue-capacity", "channels", "rules",
            "enabled");
    private static final List<String> WEBHOOK_KEYS = List.of("type", "url", "secret-env", "timeout", "retry",
            "trusted-certificates");
    private static final List<String> EMAIL_KEYS = List.of("type", "host", "port", "starttls", "user",
            "password-env", "from", "to", "timeout", "retry", "trusted-certificates");
    private static final List<String> RULE_KEYS = List.of("name", "level", "asset-types", "sites", "twins",
            "components", "channels", "digest");

    private final Path file;
    private final Path base;
    private final Map<String, int[]> locations;
    private final Function<String, String> env;
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    private NotificationsConfig(Path file, Map<String, int[]> locations, Function<String, String> env) {
        this.file = file;
        this.base = Optional.ofNullable(file.getParent()).orElse(Path.of(""));
        this.locations = locations;
        this.env = env;
    }

    /**
     * Reads the {@code notifications} section of {@code config}; empty if there is none or it says
     * {@code enabled: false}.
     *
     * @param env reads environment variables, for {@code secret-env} and {@code password-env}
     * @throws ConfigException listing every problem with its location and fix
     */
    public static Optional<NotificationSettings> load(EngineConfig config, Function<String, String> env) {
        Object section = config.sections().get(SECTION);
        if (section == null) {
            return Optional.empty();
        }
        var reader = new NotificationsConfig(config.file(), SectionLocations.locate(config.file(), SECTION), env);
        Optional<NotificationSettings> s = reader.section(section);
        if (!reader.problems.isEmpty()) {
            throw new ConfigException(reader.problems);
        }
        return s;
    }

    private void problem(String key, String message) {
        String k = key;
        int[] at = locations.get(k);
        while (at == null && (k.contains(".") || k.contains("["))) {
            k = k.substring(0, Math.max(k.lastIndexOf('.'), k.lastIndexOf('[')));
            at = locations.get(k);
        }
        at = at == null ? new int[] {0, 0} : at;
        problems.add(new ConfigException.Problem(file, at[0], at[1], key, message));
    }

    private Optional<NotificationSettings> section(Object section) {
        if (!(section instanceof Map<?, ?> m)) {
            problem(SECTION, "expected a mapping with channels and rules but found " + describe(section));
            return Optional.empty();
        }
        unknownKeys(m, SECTION, KEYS);
        if (!bool(m, SECTION, "enabled", true)) {
            return Optional.empty();
        }
        Optional<URI> dashboard = Optional.ofNullable(text(m, SECTION, "dashboard-url"))
                .flatMap(u -> httpUrl(SECTION + ".dashboard-url", u, "https://minetwin.example:8443/"));
        int capacity = (int) integer(m, SECTION, "queue-capacity", NotificationSettings.DEFAULT_QUEUE_CAPACITY, 1,
                1_000_000);
        Map<String, ChannelSettings> channels = channels(m.get("channels"));
        List<String> declared = m.get("channels") instanceof Map<?, ?> cm
                ? cm.keySet().stream().map(String::valueOf).toList() : List.of();
        List<Rule> rules = rules(m.get("rules"), declared);
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new NotificationSettings(rules, channels, capacity, dashboard));
        } catch (IllegalArgumentException e) {
            problem(SECTION, e.getMessage());
            return Optional.empty();
        }
    }

    private Map<String, ChannelSettings> channels(Object v) {
        Map<String, ChannelSettings> out = new LinkedHashMap<>();
        String at = SECTION + ".channels";
        if (v == null) {
            problem(at, "missing; declare at least one channel by name, e.g. 'control-room: {type: webhook, url:"
                    + " https://..., secret-env: MINETWIN_WEBHOOK_SECRET}'");
            return out;
        }
        if (!(v instanceof Map<?, ?> m) || m.isEmpty()) {
            problem(at, "expected a mapping of channel name to channel (type: webhook or email) but found "
                    + describe(v));
            return out;
        }
        m.forEach((k, c) -> {
            String name = String.valueOf(k);
            String path = at + "." + name;
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                problem(path, "channel name '" + name + "' must be lower-case letters, digits and '-', e.g."
                        + " control-room");
                return;
            }
            if (!(c instanceof Map<?, ?> cm)) {
                problem(path, "expected a mapping with type (webhook or email) and its settings but found "
                        + describe(c));
                return;
            }
            String type = text(cm, path, "type");
            Optional<ChannelSettings> ch;
            if (type == null) {
                problem(path + ".type", "missing; write 'type: webhook' or 'type: email'");
                ch = Optional.empty();
            } else if (type.equals("webhook")) {
                ch = webhook(name, path, cm);
            } else if (type.equals("email")) {
                ch = email(name, path, cm);
            } else {
                problem(path + ".type", "'" + type + "' is not a channel type; write webhook or email");
                ch = Optional.empty();
            }
            ch.ifPresent(x -> out.put(name, x));
        });
        return out;
    }

    private Optional<ChannelSettings> webhook(String name, String path, Map<?, ?> m) {
        unknownKeys(m, path, WEBHOOK_KEYS);
        Optional<URI> url = Optional.empty();
        String u = text(m, path, "url");
        if (u == null) {
            problem(path + ".url", "missing; give the receiver's address, e.g. https://hooks.example/minetwin");
        } else {
            url = httpUrl(path + ".url", u, "https://hooks.example/minetwin");
        }
        String secretEnv = text(m, path, "secret-env");
        byte[] secret = null;
        if (secretEnv == null) {
            problem(path + ".secret-env", "missing; name the environment variable holding the signing secret, e.g."
                    + " 'secret-env: MINETWIN_WEBHOOK_SECRET' (generate one with: openssl rand -hex 32)");
        } else {
            String s = env.apply(secretEnv);
            if (s == null || s.isEmpty()) {
                problem(path + ".secret-env", "the environment variable " + secretEnv + " is not set; set it to the"
                        + " secret the receiver verifies signatures with (e.g. export " + secretEnv
                        + "=$(openssl rand -hex 32)) before starting minetwin");
            } else if (s.length() < MIN_SECRET_LENGTH) {
                problem(path + ".secret-env", "the secret in " + secretEnv + " has " + s.length() + " characters; use"
                        + " at least " + MIN_SECRET_LENGTH + " (openssl rand -hex 32 gives 64)");
            } else {
                secret = s.getBytes(StandardCharsets.UTF_8);
            }
        }
        Duration timeout = duration(m, path, "timeout", DEFAULT_WEBHOOK_TIMEOUT, false);
        Retry retry = retry(m.get("retry"), path + ".retry");
        Optional<Path> trusted = trusted(m, path);
        if (url.isEmpty() || secret == null || retry == null) {
            return Optional.empty();
        }
        if ("http".equals(url.get().getScheme()) && !loopback(url.get().getHost())) {
            org.slf4j.LoggerFactory.getLogger(NotificationsConfig.class).warn("{}.url {} is plain http://: alerts"
                    + " cross the network unencrypted (signed, but readable); use https:// outside a lab", path,
                    url.get());
        }
        return Optional.of(new ChannelSettings.Webhook(name, url.get(), secret, secretEnv, timeout, retry, trusted));
    }

    private Optional<ChannelSettings> email(String name, String path, Map<?, ?> m) {
        unknownKeys(m, path, EMAIL_KEYS);
        String host = text(m, path, "host");
        if (host == null || host.isBlank()) {
            problem(path + ".host", "missing; give the SMTP server's host name, e.g. smtp.example.com");
        } else if (!host.matches("[A-Za-z0-9.-]+") && !host.matches("[0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:]*")) {
            problem(path + ".host", "'" + host + "' is not a host name; write only the name, e.g. smtp.example.com"
                    + " (the port goes under 'port')");
        }
        int port = (int) integer(m, path, "port", 587, 1, 65_535);
        StartTls starttls = StartTls.REQUIRED;
        String st = text(m, path, "starttls");
        if (st != null) {
            try {
                starttls = StartTls.parse(st);
            } catch (IllegalArgumentException e) {
                problem(path + ".starttls", e.getMessage() + " (required refuses servers without STARTTLS; optional"
                        + " sends in clear text to them)");
            }
        }
        Optional<String> user = Optional.ofNullable(text(m, path, "user"));
        String passwordEnv = text(m, path, "password-env");
        String password = null;
        if (user.isPresent()) {
            if (passwordEnv == null) {
                problem(path + ".password-env", "missing; name the environment variable holding the password of '"
                        + user.get() + "', e.g. 'password-env: MINETWIN_SMTP_PASSWORD'");
            } else {
                password = env.apply(passwordEnv);
                if (password == null || password.isEmpty()) {
                    problem(path + ".password-env", "the environment variable " + passwordEnv + " is not set; set it"
                            + " to the SMTP password of '" + user.get() + "' before starting minetwin");
                }
            }
        } else if (passwordEnv != null) {
            problem(path + ".password-env", "a password without a user; add 'user:' or remove 'password-env'");
        }
        String from = address(path + ".from", text(m, path, "from"), true);
        List<String> to = new ArrayList<>();
        Object tv = m.get("to");
        if (tv == null) {
            problem(path + ".to", "missing; list the recipients, e.g. 'to: [planner@example.com]'");
        } else {
            List<?> list = tv instanceof List<?> l ? l : List.of(tv);
            for (int i = 0; i < list.size(); i++) {
                String a = address(tv instanceof List ? path + ".to[" + i + "]" : path + ".to",
                        String.valueOf(list.get(i)), true);
                if (a != null) {
                    to.add(a);
                }
            }
            if (list.isEmpty()) {
                problem(path + ".to", "no recipients; list at least one, e.g. 'to: [planner@example.com]'");
            }
        }
        Duration timeout = duration(m, path, "timeout", DEFAULT_EMAIL_TIMEOUT, false);
        Retry retry = retry(m.get("retry"), path + ".retry");
        Optional<Path> trusted = trusted(m, path);
        if (host == null || from == null || to.isEmpty() || retry == null || user.isPresent() && password == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChannelSettings.Email(name, host, port, starttls, user,
                    password == null ? "" : password, passwordEnv == null ? "" : passwordEnv, from, to, timeout,
                    retry, trusted));
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return Optional.empty();
        }
    }

    private String address(String key, String value, boolean required) {
        if (value == null) {
            if (required) {
                problem(key, "missing; give an e-mail address, e.g. minetwin@example.com");
            }
            return null;
        }
        try {
            InternetAddress a = new InternetAddress(value, true);
            a.validate();
            if (!value.contains("@")) {
                throw new AddressException("no @");
            }
            return value;
        } catch (AddressException e) {
            problem(key, "'" + value + "' is not an e-mail address; write e.g. planner@example.com");
            return null;
        }
    }

    private Optional<Path> trusted(Map<?, ?> m, String path) {
        String t = text(m, path, "trusted-certificates");
        if (t == null) {
            return Optional.empty();
        }
        Path p = base.resolve(t).normalize();
        if (!Files.isRegularFile(p)) {
            problem(path + ".trusted-certificates", "no such file: " + p + " (relative paths are resolved against"
                    + " the configuration's folder); give a PEM file of the CA certificates to trust");
            return Optional.empty();
        }
        try {
            TrustedCertificates.context(p);
        } catch (IllegalArgumentException e) {
            problem(path + ".trusted-certificates", e.getMessage());
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private Retry retry(Object v, String path) {
        if (v == null) {
            return Retry.DEFAULT;
        }
        if (!(v instanceof Map<?, ?> m)) {
            problem(path, "expected a mapping such as '{attempts: 5, backoff: {min: 2s, max: 1m}}' but found "
                    + describe(v));
            return null;
        }
        unknownKeys(m, path, List.of("attempts", "backoff"));
        int attempts = (int) integer(m, path, "attempts", Retry.DEFAULT.attempts(), 1, 20);
        Duration min = Retry.DEFAULT.first();
        Duration max = Retry.DEFAULT.max();
        Object b = m.get("backoff");
        if (b instanceof Map<?, ?> bm) {
            unknownKeys(bm, path + ".backoff", List.of("min", "max"));
            min = duration(bm, path + ".backoff", "min", min, false);
            max = duration(bm, path + ".backoff", "max", max, false);
        } else if (b != null) {
            problem(path + ".backoff", "expected a mapping such as '{min: 2s, max: 1m}' but found " + describe(b));
        }
        try {
            return new Retry(attempts, min, max);
        } catch (IllegalArgumentException e) {
            problem(path + ".backoff", e.getMessage());
            return null;
        }
    }

    /** The rules; {@code channels} are the declared channels' names (whether or not they are valid). */
    private List<Rule> rules(Object v, List<String> channels) {
        List<Rule> out = new ArrayList<>();
        String at = SECTION + ".rules";
        if (v == null) {
            problem(at, "missing; add a rule, e.g. '- {level: warning, channels: [control-room]}'");
            return out;
        }
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            problem(at, "expected a list of rules (level, channels, ...) but found " + describe(v));
            return out;
        }
        var names = new HashMap<String, Integer>();
        for (int i = 0; i < list.size(); i++) {
            String path = at + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problem(path, "expected a mapping with level and channels but found " + describe(list.get(i)));
                continue;
            }
            unknownKeys(m, path, RULE_KEYS);
            String name = Optional.ofNullable(text(m, path, "name")).orElse("rule-" + (i + 1));
            Integer first = names.putIfAbsent(name, i);
            if (first != null) {
                problem(path + ".name", "rule '" + name + "' is already declared at " + at + "[" + first
                        + "]; give each rule its own name");
            }
            AlertLevel level = level(m, path);
            List<String> channelNames = strings(m, path, "channels");
            if (!m.containsKey("channels")) {
                problem(path + ".channels", "missing; list the channels to send to, e.g. 'channels: ["
                        + String.join(", ", channels) + "]'");
            }
            for (int c = 0; c < channelNames.size(); c++) {
                String ch = channelNames.get(c);
                if (!channels.contains(ch)) {
                    String key = m.get("channels") instanceof List ? path + ".channels[" + c + "]" : path + ".channels";
                    problem(key, "unknown channel '" + ch + "'; declared channels: "
                            + (channels.isEmpty() ? "none" : String.join(", ", channels))
                            + " (declare it under notifications.channels or fix the name)");
                }
            }
            Duration digest = DEFAULT_DIGEST;
            String d = text(m, path, "digest");
            if (d != null) {
                digest = d.equals("off") || d.equals("0") ? Duration.ZERO
                        : duration(m, path, "digest", DEFAULT_DIGEST, false);
            }
            List<String> assetTypes = strings(m, path, "asset-types");
            List<String> sites = strings(m, path, "sites");
            List<String> twins = strings(m, path, "twins");
            List<String> components = strings(m, path, "components");
            if (level != null && !channelNames.isEmpty()) {
                out.add(new Rule(name, level, assetTypes, sites, twins, components, channelNames, digest));
            }
        }
        return out;
    }

    private AlertLevel level(Map<?, ?> m, String path) {
        String l = text(m, path, "level");
        if (l == null) {
            return AlertLevel.WARNING;
        }
        try {
            AlertLevel level = AlertLevel.parse(l);
            if (level == AlertLevel.OK) {
                problem(path + ".level", "'ok' is not an alert; write watch, warning or critical (that level and"
                        + " above are sent)");
                return null;
            }
            return level;
        } catch (IllegalArgumentException e) {
            problem(path + ".level", "'" + l + "' is not an alert level; write watch, warning or critical (that"
                    + " level and above are sent)");
            return null;
        }
    }

    /** A glob or a list of them. */
    private List<String> strings(Map<?, ?> m, String path, String key) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        List<?> list = v instanceof List<?> l ? l : List.of(v);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object x = list.get(i);
            if (x == null || x instanceof Map || x instanceof List || String.valueOf(x).isBlank()) {
                problem(path + "." + key + (v instanceof List ? "[" + i + "]" : ""), "expected a name or glob but"
                        + " found " + describe(x));
            } else {
                out.add(String.valueOf(x).trim());
            }
        }
        return out;
    }

    private Optional<URI> httpUrl(String key, String value, String example) {
        try {
            URI u = new URI(value);
            if (!u.isAbsolute() || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
                    || u.getHost() == null) {
                problem(key, "'" + value + "' is not an http(s) URL; write e.g. " + example);
                return Optional.empty();
            }
            if (u.getUserInfo() != null) {
                problem(key, "'" + value + "' carries a user and password; remove them (webhooks are authenticated"
                        + " by their signature)");
                return Optional.empty();
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            problem(key, "'" + value + "' is not a URL (" + e.getReason() + "); write e.g. " + example);
            return Optional.empty();
        }
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private void unknownKeys(Map<?, ?> m, String path, List<String> known) {
        for (Object k : m.keySet()) {
            if (!known.contains(String.valueOf(k)) && !String.valueOf(k).startsWith("x-")) {
                problem(path + "." + k, "unknown key; known keys: " + String.join(", ", known));
            }
        }
    }

    private String text(Map<?, ?> m, String path, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            problem(path + "." + key, "expected a value but found " + describe(v));
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

    private long integer(Map<?, ?> m, String path, String key, long fallback, long min, long max) {
        String t = text(m, path, key);
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
        problem(path + "." + key, "expected a whole number from " + min + " to " + max + " but found '" + t + "'");
        return fallback;
    }

    private Duration duration(Map<?, ?> m, String path, String key, Duration fallback, boolean zeroAllowed) {
        String t = text(m, path, key);
        if (t == null) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(t, false);
            if (d.isZero() && !zeroAllowed && !key.equals("digest")) {
                problem(path + "." + key, "must be positive, e.g. 10s");
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(path + "." + key, e.getMessage());
            return fallback;
        }
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }
}
