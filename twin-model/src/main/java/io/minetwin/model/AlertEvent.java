package io.minetwin.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One step in the life of an alert, as the scorer writes it, the API folds it and the SCADA server announces
 * it. It is stored as an {@link EventKind#ALERT} {@link Event}; {@link #toEvent()} and {@link #from(Event)} are
 * the only code that knows the event's detail keys.
 *
 * <p>An alert is identified by {@code <twin>.<component>.<raised epoch millis>} ({@link #id}); it is open
 * from {@link Action#RAISED} until {@link Action#CLEARED}.
 *
 * @param time      when it happened
 * @param twin      the twin
 * @param component the component
 * @param alert     the alert's id
 * @param action    what happened
 * @param level     the alert level after it
 * @param previous  the alert level before it (the same as {@code level} for an acknowledgement)
 * @param forecast  the forecast that moved the level, as recorded: {@code health}, {@code p.<horizon>},
 *                  {@code rulHours}, {@code signals}, {@code modelVersion}; empty for an acknowledgement
 * @param user      who acknowledged it
 * @param comment   what they wrote
 */
public record AlertEvent(Instant time, TwinId twin, String component, String alert, Action action, AlertLevel level,
                         AlertLevel previous, Map<String, String> forecast, Optional<String> user,
                         Optional<String> comment) {

    /** What happened to an alert. The ids are stored and must not change. */
    public enum Action {
        RAISED, ESCALATED, EASED, CLEARED, ACKNOWLEDGED;

        /** The lower-case name stored in the event, e.g. {@code "raised"}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The action that a level change from {@code before} to {@code after} (which differ) is. */
        public static Action between(AlertLevel before, AlertLevel after) {
            if (before == AlertLevel.OK) {
                return RAISED;
            }
            if (after == AlertLevel.OK) {
                return CLEARED;
            }
            return after.compareTo(before) > 0 ? ESCALATED : EASED;
        }

        static Optional<Action> parse(String id) {
            for (Action a : values()) {
                if (a.id().equals(id)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    // The event's detail keys; nothing outside this record reads or writes them.
    private static final String ID = "alert";
    private static final String ACTION = "action";
    private static final String LEVEL = "level";
    private static final String PREVIOUS = "previous";
    private static final String USER = "user";
    private static final String COMMENT = "comment";

    public AlertEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(twin, "twin");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(previous, "previous");
        if (alert == null || alert.isBlank()) {
            throw new IllegalArgumentException("an alert event needs the alert's id");
        }
        if (component != null) {
            SeriesKey.requireIdentifier("component", component);
        }
        forecast = Map.copyOf(forecast == null ? Map.of() : forecast);
        user = user == null ? Optional.empty() : user;
        comment = comment == null ? Optional.empty() : comment;
    }

    /** A level change of a component's alert, moved by {@code health}. */
    public static AlertEvent levelChanged(Instant time, TwinId twin, String component, Instant raised,
                                          AlertLevel before, AlertLevel after, ComponentHealth health) {
        return new AlertEvent(time, twin, component, id(twin, component, raised), Action.between(before, after), after,
                before, forecast(health), Optional.empty(), Optional.empty());
    }

    /** Someone looked at an open alert; its level stays. */
    public static AlertEvent acknowledged(Instant time, TwinId twin, String component, String alert, AlertLevel level,
                                          String user, String comment) {
        return new AlertEvent(time, twin, component, alert, Action.ACKNOWLEDGED, level, level, Map.of(),
                Optional.of(user), Optional.of(comment));
    }

    /** The id of the alert of {@code twin}'s {@code component} raised at {@code raised}. */
    public static String id(TwinId twin, String component, Instant raised) {
        return twin + "." + component + "." + raised.toEpochMilli();
    }

    /** The parts of an alert id. */
    public record Id(TwinId twin, String component, Instant raised) {
    }

    /** Reads {@code <namespace:name>.<component>.<epoch millis>}; empty if {@code id} is not of that form. */
    public static Optional<Id> parseId(String id) {
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
            return Optional.of(new Id(TwinId.parse(id.substring(0, componentDot)), component,
                    Instant.ofEpochMilli(millis)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The forecast as an alert event records it, numbers to four significant digits. */
    static Map<String, String> forecast(ComponentHealth h) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("health", format(h.score()));
        h.failureProbability().forEach((k, v) -> d.put("p." + k, format(v)));
        h.rul().ifPresent(r -> d.put("rulHours", format(r.hours())));
        d.put("signals", String.join("; ", h.topSignals().stream().map(ComponentHealth.Signal::label).toList()));
        d.put("modelVersion", h.modelVersion());
        return d;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** The event that stores this. */
    public Event toEvent() {
        Map<String, String> d = details();
        d.put(ID, alert);
        return new Event(time, twin, component, EventKind.ALERT, d);
    }

    /** The stored details but the alert id, by key: what an alert's history shows of each step. */
    public Map<String, String> details() {
        Map<String, String> d = new TreeMap<>(forecast);
        d.put(ACTION, action.id());
        d.put(LEVEL, level.id());
        d.put(PREVIOUS, previous.id());
        user.ifPresent(u -> d.put(USER, u));
        comment.ifPresent(c -> d.put(COMMENT, c));
        return d;
    }

    /**
     * The alert event that {@code event} stores; empty if it is not an alert event, has no alert id, or has an
     * action or level this version does not know (written by a newer one).
     */
    public static Optional<AlertEvent> from(Event event) {
        if (event.kind() != EventKind.ALERT) {
            return Optional.empty();
        }
        Map<String, String> d = event.details();
        String id = d.get(ID);
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Optional<Action> action = Action.parse(d.get(ACTION));
        Optional<AlertLevel> level = level(d.get(LEVEL));
        if (action.isEmpty() || level.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> forecast = new TreeMap<>(d);
        forecast.keySet().removeAll(List.of(ID, ACTION, LEVEL, PREVIOUS, USER, COMMENT));
        String component = event.component() != null ? event.component()
                : parseId(id).map(Id::component).orElse(null);
        return Optional.of(new AlertEvent(event.time(), event.twin(), component, id, action.get(), level.get(),
                level(d.get(PREVIOUS)).orElse(level.get()), forecast, Optional.ofNullable(d.get(USER)),
                Optional.ofNullable(d.get(COMMENT))));
    }

    private static Optional<AlertLevel> level(String id) {
        try {
            return id == null ? Optional.empty() : Optional.of(AlertLevel.parse(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
