package io.minetwin.simulator.opcua;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the simulator's OPC UA server listens.
 *
 * @param bindAddress where to listen and what to advertise; 127.0.0.1 unless the fleet should be reachable
 * @param port        TCP port, e.g. 4850
 * @param secure      offer only Basic256Sha256 SignAndEncrypt (with a generated self-signed certificate)
 *                    instead of security None
 * @param users       user name to password; empty allows anonymous logins only
 * @param readOnly    users who may read but not write set points (their writes fail with Bad_UserAccessDenied)
 */
public record ServerSettings(String bindAddress, int port, boolean secure, Map<String, String> users,
                             java.util.Set<String> readOnly) {

    /** Every user may write the set points the asset types declare writable. */
    public ServerSettings(String bindAddress, int port, boolean secure, Map<String, String> users) {
        this(bindAddress, port, secure, users, java.util.Set.of());
    }

    public static final String PATH = "/minetwin-sim";
    public static final String NAMESPACE_URI = "urn:minetwin:simulator";

    public ServerSettings {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address is empty; use 127.0.0.1 for local use");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        users = Collections.unmodifiableMap(new TreeMap<>(users == null ? Map.of() : users));
        readOnly = java.util.Set.copyOf(readOnly == null ? java.util.Set.of() : readOnly);
        for (String u : readOnly) {
            if (!users.containsKey(u)) {
                throw new IllegalArgumentException("read-only user '" + u + "' is not a user; declare it with a"
                        + " password first");
            }
        }
        users.forEach((u, p) -> {
            if (u.isBlank() || p == null || p.isEmpty()) {
                throw new IllegalArgumentException("user '" + u + "' needs a name and a password, e.g. operator:s3cret");
            }
        });
    }

    public static ServerSettings local(int port) {
        return new ServerSettings("127.0.0.1", port, false, Map.of());
    }

    /** These settings, with {@code names} allowed to read but not to write set points. */
    public ServerSettings withReadOnly(java.util.Set<String> names) {
        return new ServerSettings(bindAddress, port, secure, users, names);
    }

    public String endpointUrl() {
        return "opc.tcp://" + bindAddress + ":" + port + PATH;
    }
}
