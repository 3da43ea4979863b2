package io.minetwin.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /** A new forecast for one component of a twin. */
    record HealthUpdated(TwinId twin, String component, Optional<ComponentHealth> before, ComponentHealth after)
            implements TwinChange {
        public HealthUpdated {
            Objects.requireNonNull(twin, "twin");
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        /** True if the alert level differs from the previous forecast's (or this is the first). */
        public boolean alertChanged() {
            return before.map(b -> b.alert() != after.alert()).orElse(true);
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
