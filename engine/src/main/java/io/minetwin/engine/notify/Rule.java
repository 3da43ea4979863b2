package io.minetwin.engine.notify;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.TwinDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A notification rule: which alerts (level at least {@code level}, raised or escalated, of twins whose asset type,
 * site and id and of components whose name match the globs; an empty list matches everything) are sent to which
 * channels, and the digest window that collects a storm into one message.
 *
 * @param name        the rule's name, for messages and the event log
 * @param level       the lowest alert level sent
 * @param assetTypes  globs over asset type names, e.g. {@code shovel}, {@code *-inverter}
 * @param sites       globs over the twin's site (its attributes' site, else the fleet's), case-insensitive
 * @param twins       globs over twin ids, e.g. {@code baiyun:truck-*}
 * @param components  globs over component names, e.g. {@code hoist-*}
 * @param channels    names of the channels to send to
 * @param digest      after a message, further alerts within this window are sent as one digest at its end; zero
 *                    sends every alert at once
 */
public record Rule(String name, AlertLevel level, List<String> assetTypes, List<String> sites, List<String> twins,
                   List<String> components, List<String> channels, Duration digest) {

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(digest, "digest");
        assetTypes = List.copyOf(assetTypes);
        sites = List.copyOf(sites);
        twins = List.copyOf(twins);
        components = List.copyOf(components);
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("rule '" + name + "' sends to no channel");
        }
        if (digest.isNegative()) {
            throw new IllegalArgumentException("rule '" + name + "': digest window is negative");
        }
    }

    /**
     * Whether {@code alert} is sent by this rule: a raise or escalation to at least {@link #level} whose twin
     * ({@code twin}, empty if the fleet no longer has it: then only rules without asset type and site filters
     * match) and component match.
     */
    public boolean matches(AlertEvent alert, Optional<TwinDefinition> twin, String fleetSite) {
        if (alert.action() != AlertEvent.Action.RAISED && alert.action() != AlertEvent.Action.ESCALATED) {
            return false;
        }
        if (!alert.level().atLeast(level)) {
            return false;
        }
        if (!any(twins, alert.twin().toString(), false)
                || !any(components, alert.component() == null ? "" : alert.component(), false)) {
            return false;
        }
        if (assetTypes.isEmpty() && sites.isEmpty()) {
            return true;
        }
        if (twin.isEmpty()) {
            return false;
        }
        String site = twin.get().attributes().site().isEmpty() ? fleetSite : twin.get().attributes().site();
        return any(assetTypes, twin.get().type().name(), false) && any(sites, site, true);
    }

    private static boolean any(List<String> globs, String value, boolean ignoreCase) {
        if (globs.isEmpty()) {
            return true;
        }
        for (String g : globs) {
            if (glob(g, ignoreCase).matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    /** {@code *} matches any run of characters, {@code ?} one; everything else is literal. */
    static Pattern glob(String glob, boolean ignoreCase) {
        StringBuilder b = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    b.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                b.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            b.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(b.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /** One line for logs: {@code rule 'night-shift': warning and above of shovel/hoist-* to ops-hook, ops-mail}. */
    public String describe() {
        String what = String.join(",", assetTypes.isEmpty() ? List.of("*") : assetTypes) + "/"
                + String.join(",", components.isEmpty() ? List.of("*") : components);
        return String.format(Locale.ROOT, "rule '%s': %s and above of %s to %s%s", name, level.id(), what,
                channels.stream().collect(Collectors.joining(", ")), digest.isZero() ? "" : ", digest " + digest);
    }
}
