package io.minetwin.engine.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code http} section of the engine configuration: where the API listens and which tokens it accepts.
 *
 * <pre>
 * http:
 *   bind: 127.0.0.1        # default; another address needs tls (or insecure-http: true)
 *   port: 8080             # default
 *   tls: {keystore: https.p12, password-env: MINETWIN_HTTPS_PASSWORD}   # HTTPS
 *   tokens:
 *     - name: planning-office
 *       role: planner        # viewer, planner, engineer, scada, operator or admin
 *       sha256: 9f86d0...    # printf %s 'the-token' | sha256sum
 * </pre>
 */
public record ApiSettings(String bind, int port, List<AccessTokens.Entry> tokens, Optional<Tls> tls,
                          boolean insecureHttp) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    /** HTTPS: a PKCS#12 key store holding the server's key and certificate chain, and its password. */
    public record Tls(Path keyStore, char[] password) {
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(password, "password");
        }
    }

    public ApiSettings {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("http.port: " + port + " is not a TCP port; use 1-65535, or 0 for any free port");
        }
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(tls, "tls");
    }

    public ApiSettings(String bind, int port, List<AccessTokens.Entry> tokens) {
        this(bind, port, tokens, Optional.empty(), false);
    }

    public static ApiSettings defaults() {
        return new ApiSettings(DEFAULT_BIND, DEFAULT_PORT, List.of());
    }

    /** Whether the API listens on the loopback interface only (then plain HTTP never leaves the machine). */
    public boolean loopbackOnly() {
        return bind.equals("127.0.0.1") || bind.equals("localhost") || bind.equals("::1") || bind.startsWith("127.");
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    /**
     * Reads the section as the configuration loader keeps it (plain maps, lists and scalars).
     *
     * @param where names the file in messages, e.g. {@code config/minetwin.yaml}
     * @throws IllegalArgumentException naming the key, the bad value and the fix
     */
    public static ApiSettings from(Object section, String where) {
        return from(section, where, System::getenv, Path.of("."));
    }

    /**
     * Reads the section; {@code env} gives the key store password named by {@code password-env}, and relative key
     * store paths are resolved against {@code base} (the configuration file's folder).
     */
    public static ApiSettings from(Object section, String where, java.util.function.Function<String, String> env,
                                   Path base) {
        if (section == null) {
            return defaults();
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": http must be a mapping with bind, port and tokens");
        }
        for (Object key : map.keySet()) {
            if (!Set.of("bind", "port", "tokens", "tls", "insecure-http").contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + ": http." + key + " is not a setting; use bind, port,"
                        + " tokens, tls or insecure-http");
            }
        }
        String bind = map.containsKey("bind") ? String.valueOf(map.get("bind")) : DEFAULT_BIND;
        int port = DEFAULT_PORT;
        if (map.containsKey("port")) {
            try {
                port = Integer.parseInt(String.valueOf(map.get("port")).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": http.port: '" + map.get("port") + "' is not a number");
            }
        }
        List<AccessTokens.Entry> entries = new ArrayList<>();
        Object tokens = map.get("tokens");
        if (tokens != null) {
            if (!(tokens instanceof List<?> list)) {
                throw new IllegalArgumentException(where + ": http.tokens must be a list of {name, role, sha256}");
            }
            for (int i = 0; i < list.size(); i++) {
                String at = where + ": http.tokens[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> t)) {
                    throw new IllegalArgumentException(at + " must be a mapping with name, role and sha256");
                }
                for (String k : List.of("name", "role", "sha256")) {
                    if (t.get(k) == null) {
                        throw new IllegalArgumentException(at + "." + k + " is missing");
                    }
                }
                try {
                    entries.add(new AccessTokens.Entry(String.valueOf(t.get("name")), Role.parse(String.valueOf(t.get("role"))),
                            String.valueOf(t.get("sha256"))));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
                }
            }
        }
        Optional<Tls> tls = Optional.empty();
        Object t = map.get("tls");
        if (t != null) {
            if (!(t instanceof Map<?, ?> tm) || tm.get("keystore") == null) {
                throw new IllegalArgumentException(where + ": http.tls must be a mapping with keystore (a PKCS#12 file)"
                        + " and password-env, e.g. {keystore: /etc/minetwin/https.p12, password-env:"
                        + " MINETWIN_HTTPS_PASSWORD}");
            }
            for (Object k : tm.keySet()) {
                if (!Set.of("keystore", "password-env", "password").contains(String.valueOf(k))) {
                    throw new IllegalArgumentException(where + ": http.tls." + k + " is not a setting; use keystore and"
                            + " password-env (or password)");
                }
            }
            Path keyStore = base.resolve(String.valueOf(tm.get("keystore")));
            if (!Files.isReadable(keyStore)) {
                throw new IllegalArgumentException(where + ": http.tls.keystore: " + keyStore + " cannot be read; give"
                        + " the PKCS#12 file with the server's key and certificate (e.g. openssl pkcs12 -export -in"
                        + " cert.pem -inkey key.pem -out https.p12)");
            }
            String password;
            if (tm.get("password-env") != null) {
                password = env.apply(String.valueOf(tm.get("password-env")));
                if (password == null) {
                    throw new IllegalArgumentException(where + ": http.tls.password-env: environment variable "
                            + tm.get("password-env") + " is not set; set it to the key store's password");
                }
            } else if (tm.get("password") != null) {
                password = String.valueOf(tm.get("password"));
            } else {
                throw new IllegalArgumentException(where + ": http.tls.password-env is missing; name the environment"
                        + " variable that holds the key store's password");
            }
            tls = Optional.of(new Tls(keyStore, password.toCharArray()));
        }
        boolean insecure = map.get("insecure-http") != null && Boolean.parseBoolean(String.valueOf(map.get("insecure-http")));
        ApiSettings settings = new ApiSettings(bind, port, entries, tls, insecure);
        if (tls.isEmpty() && !settings.loopbackOnly() && !insecure) {
            throw new IllegalArgumentException(where + ": http.bind " + bind + " would serve plain HTTP to the network,"
                    + " tokens in clear text; add http.tls {keystore, password-env} for HTTPS, or, on a network where"
                    + " that is accepted, 'insecure-http: true'");
        }
        return settings;
    }
}
