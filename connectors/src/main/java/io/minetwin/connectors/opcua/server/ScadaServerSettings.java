package io.minetwin.connectors.opcua.server;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How the SCADA server is served.
 *
 * @param bindAddress        the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param hostname           the host name clients use, advertised in endpoint URLs and the certificate;
 *                           for a wildcard bind, the machine's name
 * @param port               the TCP port, 4840 by default; 0 picks a free one (tests)
 * @param path               the endpoint path, {@code /minetwin} by default
 * @param pkiDir             the server's PKI folder: {@code own/} (certificate and key, generated on first
 *                           start), {@code trusted/certs/} (client certificates to trust),
 *                           {@code issuer/certs/}, {@code rejected/} (refused clients, to move into trusted)
 * @param users              who may log in on the Basic256Sha256 SignAndEncrypt endpoint
 * @param allowAnonymousNone whether to add an endpoint with security None that admits anonymous,
 *                           read-only sessions
 * @param maxValuesPerRead   the most values one node returns per HistoryRead call before a continuation point
 * @param limits             what clients may take: sessions, subscriptions, monitored items, queues, history
 */
public record ScadaServerSettings(String bindAddress, String hostname, int port, String path, Path pkiDir,
                                  List<ScadaUser> users, boolean allowAnonymousNone, int maxValuesPerRead,
                                  ScadaLimits limits) {

    public static final int DEFAULT_PORT = 4840;
    public static final String DEFAULT_PATH = "/minetwin";
    public static final int DEFAULT_MAX_VALUES_PER_READ = 10_000;

    public ScadaServerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(pkiDir, "pkiDir");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port; use 1-65535 (4840 is OPC UA's)");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' must start with '/', e.g. /minetwin");
        }
        users = List.copyOf(users);
        var names = new HashSet<String>();
        for (ScadaUser u : users) {
            if (!names.add(u.name())) {
                throw new IllegalArgumentException("user '" + u.name() + "' is declared twice; keep one");
            }
        }
        if (maxValuesPerRead < 1) {
            throw new IllegalArgumentException("maxValuesPerRead " + maxValuesPerRead + " must be at least 1");
        }
    }

    /** Loopback settings for tests: 127.0.0.1, the given port, {@code /minetwin}. */
    public static ScadaServerSettings local(int port, Path pkiDir, List<ScadaUser> users, boolean allowAnonymousNone) {
        return new ScadaServerSettings("127.0.0.1", "127.0.0.1", port, DEFAULT_PATH, pkiDir, users,
                allowAnonymousNone, DEFAULT_MAX_VALUES_PER_READ, ScadaLimits.DEFAULTS);
    }

    public ScadaServerSettings withMaxValuesPerRead(int max) {
        return new ScadaServerSettings(bindAddress, hostname, port, path, pkiDir, users, allowAnonymousNone, max,
                limits);
    }

    public ScadaServerSettings withPort(int p) {
        return new ScadaServerSettings(bindAddress, hostname, p, path, pkiDir, users, allowAnonymousNone,
                maxValuesPerRead, limits);
    }

    public ScadaServerSettings withLimits(ScadaLimits l) {
        return new ScadaServerSettings(bindAddress, hostname, port, path, pkiDir, users, allowAnonymousNone,
                maxValuesPerRead, l);
    }

    /** The URL of the endpoints at {@code actualPort}. */
    public String endpointUrl(int actualPort) {
        return "opc.tcp://" + hostname + ":" + actualPort + path;
    }
}
