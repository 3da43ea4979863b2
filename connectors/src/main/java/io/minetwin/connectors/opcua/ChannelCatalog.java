package io.minetwin.connectors.opcua;

import io.minetwin.model.SeriesKey;
import java.util.Optional;

/** Which channels exist and in which unit, so that mappings can be checked and values converted. */
@FunctionalInterface
public interface ChannelCatalog {

    /**
     * The unit of {@code series} (empty text for unitless channels), or empty if no registered twin has
     * that component and channel.
     */
    Optional<String> unit(SeriesKey series);
}
