package io.minetwin.connectors.opcua;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One OPC UA server to keep twins in sync with.
 *
 * @param name                     short name for logs and status, e.g. {@code pit-north}
 * @param url                      endpoint URL, e.g. {@code opc.tcp://10.1.2.3:4840/plc}
 * @param security                 message security
 * @param identity                 anonymous or user name and password
 * @param pkiDir                   folder with {@code own/} (the client certificate, generated on first start),
 *                                 {@code trusted/} (server certificates to trust) and {@code rejected/}
 * @param mappings                 node to channel rules, in order; explicit node ids win over patterns
 * @param publishingIntervalMs     how often the server publishes changes
 * @param maxItemsPerSubscription  monitored items per subscription before another is opened; lowered
 *                                 automatically when the server answers {@code Bad_TooManyMonitoredItems}
 * @param keepAlive                how often the session is checked; a connection is declared lost after
 *                                 two missed keep-alives (each answered within Milo's 5 s), so a link that
 *                                 silently drops everything is noticed within 14 s by default
 * @param requestTimeout           timeout of one service call
 * @param backfill                 whether a gap after a reconnect is filled with HistoryRead where supported
 */
public record EndpointConfig(String name, String url, Security security, Identity identity, Path pkiDir,
                             List<MappingRule> mappings, double publishingIntervalMs, int maxItemsPerSubscription,
                             Duration keepAlive, Duration requestTimeout, boolean backfill) {

    public static final double DEFAULT_PUBLISHING_INTERVAL_MS = 500;
    public static final int DEFAULT_MAX_ITEMS_PER_SUBSCRIPTION = 5_000;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public EndpointConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(pkiDir, "pkiDir");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        mappings = List.copyOf(mappings);
        if (!url.startsWith("opc.tcp://")) {
            throw new IllegalArgumentException("endpoint url '" + url + "' must start with opc.tcp://, e.g."
                    + " opc.tcp://10.1.2.3:4840");
        }
        if (!(publishingIntervalMs > 0)) {
            throw new IllegalArgumentException("publishing interval " + publishingIntervalMs + " ms must be positive");
        }
        if (maxItemsPerSubscription < 1) {
            throw new IllegalArgumentException("max items per subscription " + maxItemsPerSubscription
                    + " must be at least 1");
        }
        if (keepAlive.isNegative() || keepAlive.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("keep-alive and request timeout must be positive");
        }
    }

    /** A config with defaults for everything but the essentials, for tests and tools. */
    public static EndpointConfig of(String name, String url, Path pkiDir, List<MappingRule> mappings) {
        return new EndpointConfig(name, url, Security.NONE, Identity.ANONYMOUS, pkiDir, mappings,
                DEFAULT_PUBLISHING_INTERVAL_MS, DEFAULT_MAX_ITEMS_PER_SUBSCRIPTION, DEFAULT_KEEP_ALIVE,
                DEFAULT_REQUEST_TIMEOUT, true);
    }

    public EndpointConfig withSecurity(Security s, Identity i) {
        return new EndpointConfig(name, url, s, i, pkiDir, mappings, publishingIntervalMs, maxItemsPerSubscription,
                keepAlive, requestTimeout, backfill);
    }

    public EndpointConfig withPublishing(double intervalMs, int maxItems) {
        return new EndpointConfig(name, url, security, identity, pkiDir, mappings, intervalMs, maxItems,
                keepAlive, requestTimeout, backfill);
    }

    public EndpointConfig withKeepAlive(Duration k) {
        return new EndpointConfig(name, url, security, identity, pkiDir, mappings, publishingIntervalMs,
                maxItemsPerSubscription, k, requestTimeout, backfill);
    }
}
