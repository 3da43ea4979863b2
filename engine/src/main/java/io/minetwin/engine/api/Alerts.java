package io.minetwin.engine.api;

import io.minetwin.model.AlertLevel;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts as the event log records them: every {@link EventKind#ALERT} event carries the alert's id
 * ({@code <twin>.<component>.<raised epoch millis>}) and an action ({@code raised}, {@code escalated},
 * {@code eased}, {@code cleared}, {@code acknowledged}); an alert is open from {@code raised} until
 * {@code cleared}. This folds an alert's events, in time order, into one view.
 */
final class Alerts {

    /** ALERT detail keys. */
    static final String ID = "alert";
    static final String ACTION = "action";
    static final String LEVEL = "level";
    static final String PREVIOUS = "previous";
    static final String USER = "user";
    static final String COMMENT = "comment";
    static final String ACKNOWLEDGED = "acknowledged";
    static final String CLEARED = "cleared";

    /** One alert, from its events. */
    record Alert(String id, TwinId twin, String component, Instant raised, List<Event> events) {

        Event last() {
            return events.get(events.size() - 1);
        }

        boolean open() {
            return events.stream().noneMatch(e -> CLEARED.equals(e.details().get(ACTION)));
        }

        /** The level after the newest event that set one. */
        AlertLevel level() {
            for (int i = events.size() - 1; i >= 0; i--) {
                String level = events.get(i).details().get(LEVEL);
                if (level != null) {
                    try {
                        return AlertLevel.parse(level);
                    } catch (IllegalArgumentException ignored) {
                        // a level written by a newer engine; look further back
                    }
                }
            }
            return AlertLevel.OK;
        }

        /** The newest acknowledgement, if any. */
        Optional<Event> acknowledgement() {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (ACKNOWLEDGED.equals(events.get(i).details().get(ACTION))) {
                    return Optional.of(events.get(i));
                }
            }
            return Optional.empty();
        }

        /** The newest event other than an acknowledgement: what the scorer last said. */
        Event lastAssessment() {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (!ACKNOWLEDGED.equals(events.get(i).details().get(ACTION))) {
                    return events.get(i);
                }
            }
            return last();
        }
    }

    private Alerts() {
    }

    /** The alerts among {@code events}, newest raised first. Events without an alert id are skipped. */
    static List<Alert> fold(List<Event> events) {
        Map<String, List<Event>> byId = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.kind() != EventKind.ALERT) {
                continue;
            }
            String id = e.details().get(ID);
            if (id == null || id.isBlank()) {
                continue;
            }
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
        }
        List<Alert> out = new ArrayList<>();
        byId.forEach((id, list) -> {
            Event first = list.get(0);
            Instant raised = parseId(id).map(Parsed::raised).orElse(first.time());
            String component = first.component() != null ? first.component()
                    : parseId(id).map(Parsed::component).orElse(null);
            out.add(new Alert(id, first.twin(), component, raised, List.copyOf(list)));
        });
        out.sort((a, b) -> {
            int c = b.raised().compareTo(a.raised());
            return c != 0 ? c : a.id().compareTo(b.id());
        });
        return out;
    }

    /** The parts of an alert id. */
    record Parsed(TwinId twin, String component, Instant raised) {
    }

    /** Reads {@code <namespace:name>.<component>.<epoch millis>}; empty if {@code id} is not of that form. */
    static Optional<Parsed> parseId(String id) {
        int lastDot = id.lastIndexOf('.');
        if (lastDot <= 0) {
            return Optional.empty();
        }
        int componentDot = id.lastIndexOf('.', lastDot - 1);
        if (componentDot <= 0) {
            return Optional.empty();
        }
        try {
            long millis = Long.parseLong(id.substring(lastDot + 1));
            String component = id.substring(componentDot + 1, lastDot);
            SeriesKey.requireIdentifier("component", component);
            return Optional.of(new Parsed(TwinId.parse(id.substring(0, componentDot)), component,
                    Instant.ofEpochMilli(millis)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Map<String, Object> json(Alert a, boolean withHistory) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("thingId", a.twin().toString());
        m.put("component", a.component());
        m.put("raised", a.raised().toString());
        m.put("level", a.level().id());
        m.put("open", a.open());
        Event assessment = a.lastAssessment();
        m.put("lastAction", assessment.details().get(ACTION));
        m.put("lastChange", assessment.time().toString());
        Map<String, String> forecast = new java.util.TreeMap<>(assessment.details());
        forecast.keySet().removeAll(List.of(ID, ACTION, LEVEL, PREVIOUS, USER, COMMENT));
        m.put("forecast", forecast); // health, p.<horizon>, rulHours, signals, modelVersion as recorded
        a.acknowledgement().ifPresentOrElse(ack -> {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("time", ack.time().toString());
            am.put("user", ack.details().get(USER));
            am.put("comment", ack.details().get(COMMENT));
            m.put("acknowledged", am);
        }, () -> m.put("acknowledged", null));
        if (withHistory) {
            List<Map<String, Object>> history = new ArrayList<>();
            for (Event e : a.events()) {
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("time", e.time().toString());
                em.putAll(new java.util.TreeMap<>(e.details()));
                em.remove(ID);
                history.add(em);
            }
            m.put("history", history);
        }
        return m;
    }
}
