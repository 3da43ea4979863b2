package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.opcua.Identity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One MQTT broker carrying Sparkplug B, to keep twins in sync with.
 *
 * @param name            short name for logs and status, e.g. {@code site-uns}
 * @param url             {@code tcp://host:1883} or, with TLS, {@code ssl://host:8883}
 * @param clientId        the MQTT client id; unique on the broker
 * @param identity        anonymous, or user name and password
 * @param truststore      the certificates that sign the broker's, for {@code ssl://}; empty for the JVM's default
 * @param groups          the Sparkplug groups to subscribe to; empty for every group
 * @param mappings        metric to channel rules, in order; the first that maps a metric wins
 * @param rebirthInterval how long the connector waits for a birth before it asks the same edge node again
 * @param keepAlive       the MQTT keep-alive; a broker connection is declared lost after 1.5 of them
 * @param hostId          the Sparkplug host id under which the engine publishes its {@code STATE} (Sparkplug 3.0:
 *                        {@code spBv1.0/STATE/<host id>}, retained, with its death as the MQTT will), so that edge
 *                        nodes configured with a primary host know it is online; empty to publish none
 */
public record BrokerConfig(String name, String url, String clientId, Identity identity, Optional<Truststore> truststore,
                           List<String> groups, List<MetricRule> mappings, Duration rebirthInterval,
                           Duration keepAlive, Optional<String> hostId) {

    public static final Duration DEFAULT_REBIRTH_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

    /**
     * A trust store file (PKCS#12, or JKS by the {@code .jks} extension) with its password.
     * The password is never printed by {@link #toString()}.
     */
    public record Truststore(Path file, char[] password) {
        public Truststore {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Truststore[" + file + "]";
        }
    }

    /** Without a host id: no {@code STATE} is published. */
    public BrokerConfig(String name, String url, String clientId, Identity identity, Optional<Truststore> truststore,
                        List<String> groups, List<MetricRule> mappings, Duration rebirthInterval, Duration keepAlive) {
        this(name, url, clientId, identity, truststore, groups, mappings, rebirthInterval, keepAlive, Optional.empty());
    }

    public BrokerConfig {
        Objects.requireNonNull(hostId, "hostId");
        hostId.ifPresent(BrokerConfig::requireHostId);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(rebirthInterval, "rebirthInterval");
        Objects.requireNonNull(keepAlive, "keepAlive");
        groups = List.copyOf(groups);
        mappings = List.copyOf(mappings);
        if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) {
            throw new IllegalArgumentException("broker url '" + url + "' must start with tcp:// or, for TLS, ssl://,"
                    + " e.g. ssl://10.1.2.5:8883");
        }
        if (clientId.isBlank() || clientId.length() > 65_535) {
            throw new IllegalArgumentException("MQTT client id must not be empty");
        }
        for (String g : groups) {
            if (g.isEmpty() || g.contains("/") || g.contains("+") || g.contains("#")) {
                throw new IllegalArgumentException("group '" + g + "' is not a Sparkplug group id (no '/', '+' or '#')");
            }
        }
        if (rebirthInterval.isNegative() || rebirthInterval.isZero()) {
            throw new IllegalArgumentException("rebirth interval must be positive, e.g. 5s");
        }
        if (keepAlive.getSeconds() < 1 || keepAlive.getSeconds() > 65_535) {
            throw new IllegalArgumentException("keep-alive must be between 1 s and 65535 s");
        }
    }

    /** Refuses a host id that cannot be a topic level: empty, or with '/', '+' or '#'. */
    public static void requireHostId(String hostId) {
        if (hostId.isEmpty() || hostId.contains("/") || hostId.contains("+") || hostId.contains("#")) {
            throw new IllegalArgumentException("host id '" + hostId + "' is not a Sparkplug host id (not empty, no"
                    + " '/', '+' or '#'), e.g. minetwin-baiyun");
        }
    }

    /** A config with defaults for everything but the essentials, for tests and tools. */
    public static BrokerConfig of(String name, String url, List<MetricRule> mappings) {
        return new BrokerConfig(name, url, "minetwin-" + name, Identity.ANONYMOUS, Optional.empty(), List.of(),
                mappings, DEFAULT_REBIRTH_INTERVAL, DEFAULT_KEEP_ALIVE);
    }

    public BrokerConfig withIdentity(Identity i) {
        return new BrokerConfig(name, url, clientId, i, truststore, groups, mappings, rebirthInterval, keepAlive,
                hostId);
    }

    public BrokerConfig withTruststore(Truststore t) {
        return new BrokerConfig(name, url, clientId, identity, Optional.of(t), groups, mappings, rebirthInterval,
                keepAlive, hostId);
    }

    public BrokerConfig withRebirthInterval(Duration d) {
        return new BrokerConfig(name, url, clientId, identity, truststore, groups, mappings, d, keepAlive, hostId);
    }

    /** Publishing the engine's {@code STATE} as Sparkplug host {@code id}. */
    public BrokerConfig withHostId(String id) {
        return new BrokerConfig(name, url, clientId, identity, truststore, groups, mappings, rebirthInterval,
                keepAlive, Optional.of(id));
    }

    /** The host's {@code STATE} topic, {@code spBv1.0/STATE/<host id>}, when a host id is set. */
    public Optional<String> stateTopic() {
        return hostId.map(h -> SparkplugTopic.NAMESPACE + "/STATE/" + h);
    }

    /** The topic filters to subscribe to. */
    public List<String> topicFilters() {
        return groups.isEmpty() ? List.of(SparkplugTopic.NAMESPACE + "/#")
                : groups.stream().map(g -> SparkplugTopic.NAMESPACE + "/" + g + "/#").toList();
    }
}
