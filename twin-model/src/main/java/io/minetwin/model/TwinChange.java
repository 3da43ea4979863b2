package io.minetwin.model;

import java.util.List;
import java.util.Objects;

/** A change to the twins of a {@link TwinRepository}, delivered to {@link TwinListener}s in order. */
public sealed interface TwinChange {

    TwinId twin();

    /** A twin was registered, or its definition replaced. */
    record Registered(TwinDefinition definition) implements TwinChange {
        @Override
        public TwinId twin() {
            return definition.id();
        }
    }

    record Removed(TwinId twin) implements TwinChange {
    }

    /** Channels of one twin changed in one applied batch, in sample order. */
    record Updated(TwinId twin, List<ChannelUpdate> updates) implements TwinChange {
        public Updated {
            Objects.requireNonNull(twin, "twin");
            updates = List.copyOf(updates);
        }
    }

    /** A twin's state was replaced from a snapshot. */
    record Restored(Twin state) implements TwinChange {
        @Override
        public TwinId twin() {
            return state.id();
        }
    }
}
