package io.minetwin.engine.api;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Event;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts as the event log records them ({@link AlertEvent}): each has an id
 * ({@code <twin>.<component>.<raised epoch millis>}) and a sequence of actions (raised, escalated, eased,
 * cleared, acknowledged); an alert is open from raised until cleared. This folds an alert's events, in time
 * order, into one view.
 */
final class Alerts {

    /** One alert, from its events. */
    record Alert(String id, TwinId twin, String component, Instant raised, List<AlertEvent> events) {

        AlertEvent last() {
            return events.get(events.size() - 1);
        }

        boolean open() {
            return events.stream().noneMatch(e -> e.action() == AlertEvent.Action.CLEARED);
        }

        /** The level after the newest event. */
        AlertLevel level() {
            return last().level();
        }

        /** The newest acknowledgement, if any. */
        Optional<AlertEvent> acknowledgement() {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).action() == AlertEvent.Action.ACKNOWLEDGED) {
                    return Optional.of(events.get(i));
                }
            }
            return Optional.empty();
        }

        /** The newest event other than an acknowledgement: what the scorer last said. */
        AlertEvent lastAssessment() {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).action() != AlertEvent.Action.ACKNOWLEDGED) {
                    return events.get(i);
                }
            }
            return last();
        }
    }

    private Alerts() {
    }

    /** The alerts among {@code events}, newest raised first. Events that are not alert events are skipped. */
    static List<Alert> fold(List<Event> events) {
        Map<String, List<AlertEvent>> byId = new LinkedHashMap<>();
        for (Event e : events) {
            AlertEvent.from(e).ifPresent(a -> byId.computeIfAbsent(a.alert(), k -> new ArrayList<>()).add(a));
        }
        List<Alert> out = new ArrayList<>();
        byId.forEach((id, list) -> {
            AlertEvent first = list.get(0);
            Instant raised = AlertEvent.parseId(id).map(AlertEvent.Id::raised).orElse(first.time());
            out.add(new Alert(id, first.twin(), first.component(), raised, List.copyOf(list)));
        });
        out.sort((a, b) -> {
            int c = b.raised().compareTo(a.raised());
            return c != 0 ? c : a.id().compareTo(b.id());
        });
        return out;
    }

    static Map<String, Object> json(Alert a, boolean withHistory) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("thingId", a.twin().toString());
        m.put("component", a.component());
        m.put("raised", a.raised().toString());
        m.put("level", a.level().id());
        m.put("open", a.open());
        AlertEvent assessment = a.lastAssessment();
        m.put("lastAction", assessment.action().id());
        m.put("lastChange", assessment.time().toString());
        m.put("forecast", new java.util.TreeMap<>(assessment.forecast())); // health, p.<horizon>, rulHours, ...
        a.acknowledgement().ifPresentOrElse(ack -> {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("time", ack.time().toString());
            am.put("user", ack.user().orElse(null));
            am.put("comment", ack.comment().orElse(null));
            m.put("acknowledged", am);
        }, () -> m.put("acknowledged", null));
        if (withHistory) {
            List<Map<String, Object>> history = new ArrayList<>();
            for (AlertEvent e : a.events()) {
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("time", e.time().toString());
                em.putAll(e.details());
                history.add(em);
            }
            m.put("history", history);
        }
        return m;
    }
}
