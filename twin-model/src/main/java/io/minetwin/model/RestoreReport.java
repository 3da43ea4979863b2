package io.minetwin.model;

import java.util.List;

/**
 * What {@link TwinRepository#restore} did with a snapshot.
 *
 * @param twin     the snapshot's twin
 * @param known    whether that twin is registered; if not, nothing was restored
 * @param restored how many channel states were restored
 * @param skipped  channels of the snapshot the registered type no longer has, as {@code component.channel}
 */
public record RestoreReport(TwinId twin, boolean known, int restored, List<String> skipped) {
    public RestoreReport {
        skipped = List.copyOf(skipped);
    }
}
