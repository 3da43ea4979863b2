package io.minetwin.engine.notify;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code notifications} section: rules and the channels they send to.
 *
 * @param rules         in configuration order; an alert matching several is sent by each
 * @param channels      by name, in configuration order
 * @param queueCapacity alerts waiting to be matched, and notifications waiting per channel, before further ones
 *                      are dropped (counted and logged) rather than slowing the engine
 * @param dashboardUrl  the dashboard's address, for the link to the machine view in each message; empty for none
 */
public record NotificationSettings(List<Rule> rules, Map<String, ChannelSettings> channels, int queueCapacity,
                                   Optional<URI> dashboardUrl) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    public NotificationSettings {
        rules = List.copyOf(rules);
        channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        Objects.requireNonNull(dashboardUrl, "dashboardUrl");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive but is " + queueCapacity);
        }
        for (Rule r : rules) {
            for (String c : r.channels()) {
                if (!channels.containsKey(c)) {
                    throw new IllegalArgumentException("rule '" + r.name() + "' sends to channel '" + c
                            + "', which is not declared; known channels: " + String.join(", ", channels.keySet()));
                }
            }
        }
    }

    /** The link to {@code twin}'s machine view on the dashboard, if the dashboard's address is known. */
    public Optional<String> machineLink(String twin) {
        return dashboardUrl.map(u -> {
            String base = u.toString();
            return (base.endsWith("/") ? base : base + "/") + "#/twin/"
                    + java.net.URLEncoder.encode(twin, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        });
    }
}
