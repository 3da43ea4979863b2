package io.minetwin.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one time series: a channel of a component of a twin, e.g. {@code baiyun:shovel-07},
 * {@code hoist-motor}, {@code winding-temp}.
 *
 * <p>Component and channel names are identifiers ({@code [A-Za-z][A-Za-z0-9_-]*}) so that
 * {@code component.channel} is unambiguous on the command line and in APIs.
 */
public record SeriesKey(TwinId twin, String component, String channel) implements Comparable<SeriesKey> {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    public SeriesKey {
        Objects.requireNonNull(twin, "twin");
        requireIdentifier("component", component);
        requireIdentifier("channel", channel);
    }

    /** Builds a key from a twin and {@code component.channel}. */
    public static SeriesKey of(TwinId twin, String componentDotChannel) {
        Objects.requireNonNull(componentDotChannel, "channel");
        int dot = componentDotChannel.indexOf('.');
        if (dot <= 0 || dot == componentDotChannel.length() - 1) {
            throw new IllegalArgumentException("channel '" + componentDotChannel
                    + "' must have the form component.channel, e.g. 'hoist-motor.winding-temp'");
        }
        return new SeriesKey(twin, componentDotChannel.substring(0, dot), componentDotChannel.substring(dot + 1));
    }

    /** Checks that {@code value} may name a component or channel; {@code what} names it in the message. */
    public static void requireIdentifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " name '" + value
                    + "' is not valid: start with a letter, then letters, digits, '_' or '-' (at most 64),"
                    + " e.g. 'hoist-motor'");
        }
    }

    /** {@code component.channel}, the form used on the command line. */
    public String channelPath() {
        return component + "." + channel;
    }

    @Override
    public int compareTo(SeriesKey o) {
        int c = twin.compareTo(o.twin);
        if (c != 0) {
            return c;
        }
        c = component.compareTo(o.component);
        return c != 0 ? c : channel.compareTo(o.channel);
    }

    @Override
    public String toString() {
        return twin + "/" + component + "." + channel;
    }
}
