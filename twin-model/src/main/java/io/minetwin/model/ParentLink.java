package io.minetwin.model;

import java.util.Objects;

/**
 * Where a twin is installed in another, e.g. a hoist drive inverter in shovel {@code baiyun:shovel-01}.
 *
 * @param twin      the host twin
 * @param component the host's component this twin serves, e.g. {@code hoist-motor}
 * @param position  free text that tells several such twins apart, e.g. {@code left}; may be empty
 */
public record ParentLink(TwinId twin, String component, String position) {
    public ParentLink {
        Objects.requireNonNull(twin, "twin");
        SeriesKey.requireIdentifier("parent component", component);
        position = position == null ? "" : position;
    }
}
