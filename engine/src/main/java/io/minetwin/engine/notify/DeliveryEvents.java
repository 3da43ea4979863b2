package io.minetwin.engine.notify;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@link EventKind#NOTIFICATION} events that record a delivery attempt: one per twin the notification tells
 * of, with the details {@code channel}, {@code channel-kind}, {@code rule}, {@code notification} (its id),
 * {@code type} (alert or digest), {@code attempt}, {@code status} ({@code delivered}, {@code retrying} or
 * {@code failed}), {@code result} (e.g. {@code HTTP 500}), {@code alerts} (how many of the twin's alerts) and
 * {@code alert} (their ids, the first {@value #MAX_IDS}).
 */
final class DeliveryEvents {

    static final int MAX_IDS = 20;

    /** What became of an attempt. */
    enum Status {
        DELIVERED, RETRYING, FAILED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private DeliveryEvents() {
    }

    static List<Event> of(Instant time, Notification n, ChannelSettings channel, int attempt, Status status,
                          String result) {
        Map<TwinId, List<AlertEvent>> byTwin = new LinkedHashMap<>();
        n.alerts().forEach(a -> byTwin.computeIfAbsent(a.twin(), t -> new ArrayList<>()).add(a));
        List<Event> out = new ArrayList<>();
        byTwin.forEach((twin, alerts) -> {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("channel", channel.name());
            d.put("channel-kind", channel.kind());
            d.put("rule", n.rule());
            d.put("notification", n.id());
            d.put("type", n.kind().id());
            d.put("attempt", Integer.toString(attempt));
            d.put("status", status.id());
            d.put("result", result);
            d.put("alerts", Integer.toString(alerts.size()));
            d.put("alert", alerts.stream().limit(MAX_IDS).map(AlertEvent::alert).collect(Collectors.joining(" ")));
            String component = alerts.size() == 1 ? alerts.get(0).component() : null;
            out.add(new Event(time, twin, component, EventKind.NOTIFICATION, d));
        });
        return out;
    }
}
