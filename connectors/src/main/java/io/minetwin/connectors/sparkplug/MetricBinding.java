package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.opcua.Units;
import io.minetwin.model.SeriesKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A metric announced by a birth, bound to the channel it feeds (or to none, with the reason).
 *
 * @param name       the metric's name
 * @param label      group/edge node[/device]/metric, for messages
 * @param datatype   the Sparkplug datatype the birth declared (0 if none)
 * @param series     the channel, if a rule maps the metric
 * @param conversion from the metric's unit to the channel's
 * @param problem    why the metric feeds no channel (empty when it does)
 */
record MetricBinding(String name, String label, int datatype, Optional<SeriesKey> series, Units.Conversion conversion,
                     String problem) {
    MetricBinding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(conversion, "conversion");
        Objects.requireNonNull(problem, "problem");
    }

    static MetricBinding unmapped(String name, String label, int datatype, String problem) {
        return new MetricBinding(name, label, datatype, Optional.empty(), Units.Conversion.IDENTITY, problem);
    }
}
