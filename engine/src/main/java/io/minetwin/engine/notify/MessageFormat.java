package io.minetwin.engine.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minetwin.model.AlertEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a notification reads: the webhook's JSON body and the e-mail's subject and text.
 *
 * <p>JSON, for a single alert: {@code {"id", "type": "alert", "rule", "channel", "time", "twin", "component",
 * "level", "previous", "action", "alert", "alertTime", "probability": {"72h": 0.31, "7d": 0.62}, "rulHours",
 * "health", "signals", "link", "alerts": [the same alert]}}; for a digest {@code type "digest"}, {@code count},
 * {@code from}, {@code to} and {@code alerts} (the first {@value #MAX_IN_JSON}, and {@code omitted} the number
 * left out); for a test {@code type "test"} and an empty {@code alerts}. Figures
 * absent from the forecast (no RUL from a life prior, say) are left out.
 */
final class MessageFormat {

    /** E-mails list at most this many alerts of a digest, then say how many more there are. */
    static final int MAX_LISTED = 100;
    /** A webhook body lists at most this many alerts of a digest; {@code omitted} counts the rest. */
    static final int MAX_IN_JSON = 1000;

    private final ObjectMapper json = new ObjectMapper();
    private final Function<String, Optional<String>> links;

    /** @param links the dashboard link to a twin's machine view, by twin id */
    MessageFormat(Function<String, Optional<String>> links) {
        this.links = links;
    }

    byte[] json(Notification n, String channel) {
        ObjectNode root = json.createObjectNode();
        root.put("id", n.id());
        root.put("type", n.kind().id());
        root.put("rule", n.rule());
        root.put("channel", channel);
        root.put("time", n.time().toString());
        if (n.kind() == Notification.Kind.ALERT) {
            alert(root, n.alerts().get(0));
        } else if (n.kind() == Notification.Kind.DIGEST) {
            root.put("count", n.alerts().size());
            root.put("from", n.from().toString());
            root.put("to", n.time().toString());
        } else {
            root.put("message", "a test notification from minetwin: this channel works");
        }
        ArrayNode alerts = root.putArray("alerts");
        n.alerts().stream().limit(MAX_IN_JSON).forEach(a -> alert(alerts.addObject(), a));
        if (n.alerts().size() > MAX_IN_JSON) {
            root.put("omitted", n.alerts().size() - MAX_IN_JSON);
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification as JSON", e);
        }
    }

    private void alert(ObjectNode o, AlertEvent a) {
        o.put("twin", a.twin().toString());
        if (a.component() != null) {
            o.put("component", a.component());
        }
        o.put("level", a.level().id());
        o.put("previous", a.previous().id());
        o.put("action", a.action().id());
        o.put("alert", a.alert());
        o.put("alertTime", a.time().toString());
        Map<String, Double> p = probabilities(a);
        if (!p.isEmpty()) {
            ObjectNode po = o.putObject("probability");
            p.forEach(po::put);
        }
        number(a, "rulHours").ifPresent(v -> o.put("rulHours", v));
        number(a, "health").ifPresent(v -> o.put("health", v));
        Optional.ofNullable(a.forecast().get("signals")).filter(s -> !s.isBlank()).ifPresent(s -> o.put("signals", s));
        links.apply(a.twin().toString()).ifPresent(l -> o.put("link", l));
    }

    /** Failure probability by horizon, e.g. {@code 72h -> 0.31}. */
    static Map<String, Double> probabilities(AlertEvent a) {
        Map<String, Double> p = new LinkedHashMap<>();
        a.forecast().forEach((k, v) -> {
            if (k.startsWith("p.")) {
                parse(v).ifPresent(d -> p.put(k.substring(2), d));
            }
        });
        return p;
    }

    private static Optional<Double> number(AlertEvent a, String key) {
        return Optional.ofNullable(a.forecast().get(key)).flatMap(MessageFormat::parse);
    }

    private static Optional<Double> parse(String v) {
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String subject(Notification n) {
        return switch (n.kind()) {
            case TEST -> "[minetwin] test notification";
            case DIGEST -> String.format(Locale.ROOT, "[minetwin] %d more alerts (%s)", n.alerts().size(), n.rule());
            case ALERT -> {
                AlertEvent a = n.alerts().get(0);
                yield String.format(Locale.ROOT, "[minetwin] %s: %s %s", a.level().id().toUpperCase(Locale.ROOT),
                        a.twin(), a.component() == null ? "" : a.component());
            }
        };
    }

    String text(Notification n) {
        StringBuilder b = new StringBuilder();
        switch (n.kind()) {
            case TEST -> b.append("This is a test notification from minetwin: this channel works.\n");
            case ALERT -> b.append(line(n.alerts().get(0)));
            case DIGEST -> {
                b.append(String.format(Locale.ROOT, "%d alerts from %s to %s (rule %s):%n%n", n.alerts().size(),
                        n.from(), n.time(), n.rule()));
                n.alerts().stream().limit(MAX_LISTED).forEach(a -> b.append("- ").append(line(a)));
                if (n.alerts().size() > MAX_LISTED) {
                    b.append(String.format(Locale.ROOT, "... and %d more: see the dashboard's alerts.%n",
                            n.alerts().size() - MAX_LISTED));
                }
            }
        }
        b.append(String.format(Locale.ROOT, "%nrule: %s, notification %s, %s%n", n.rule(), n.id(), n.time()));
        return b.toString();
    }

    private String line(AlertEvent a) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s %s: %s %s (was %s) at %s", a.twin(),
                a.component() == null ? "" : a.component(), a.action().id(), a.level().id(), a.previous().id(),
                a.time()));
        probabilities(a).forEach((h, p) -> b.append(String.format(Locale.ROOT, "; P(failure within %s) %.0f%%", h,
                100 * p)));
        number(a, "rulHours").ifPresent(r -> b.append(String.format(Locale.ROOT, "; remaining life %.0f h", r)));
        links.apply(a.twin().toString()).ifPresent(l -> b.append("; ").append(l));
        return b.append('\n').toString();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
