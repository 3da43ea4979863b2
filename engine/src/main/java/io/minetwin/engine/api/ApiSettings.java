package io.minetwin.engine.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code http} section of the engine configuration: where the API listens and which tokens it accepts.
 *
 * <pre>
 * http:
 *   bind: 127.0.0.1        # default; 0.0.0.0 serves every interface
 *   port: 8080             # default
 *   tokens:
 *     - name: planning-office
 *       role: planner        # viewer, planner, engineer, scada or admin
 *       sha256: 9f86d0...    # printf %s 'the-token' | sha256sum
 * </pre>
 */
public record ApiSettings(String bind, int port, List<AccessTokens.Entry> tokens) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public ApiSettings {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("http.port: " + port + " is not a TCP port; use 1-65535, or 0 for any free port");
        }
        tokens = List.copyOf(tokens);
    }

    public static ApiSettings defaults() {
        return new ApiSettings(DEFAULT_BIND, DEFAULT_PORT, List.of());
    }

    /**
     * Reads the section as the configuration loader keeps it (plain maps, lists and scalars).
     *
     * @param where names the file in messages, e.g. {@code config/minetwin.yaml}
     * @throws IllegalArgumentException naming the key, the bad value and the fix
     */
    public static ApiSettings from(Object section, String where) {
        if (section == null) {
            return defaults();
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": http must be a mapping with bind, port and tokens");
        }
        for (Object key : map.keySet()) {
            if (!Set.of("bind", "port", "tokens").contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + ": http." + key + " is not a setting; use bind, port or tokens");
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
        return new ApiSettings(bind, port, entries);
    }
}
