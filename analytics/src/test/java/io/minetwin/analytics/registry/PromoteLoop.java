package io.minetwin.analytics.registry;

import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code PromoteLoop REGISTRY KEY VERSIONS}: promotes versions 1..VERSIONS of KEY in turn, forced, until
 * killed; the registry's crash test kills it at a random moment.
 */
public final class PromoteLoop {

    private PromoteLoop() {
    }

    public static void main(String[] args) {
        ModelRegistry registry = new ModelRegistry(Path.of(args[0]), Clock.systemUTC());
        int versions = Integer.parseInt(args[2]);
        for (long i = 0; ; i++) {
            int v = (int) (i % versions) + 1;
            if (registry.active(args[1]).map(ModelVersion::version).orElse(0) != v) {
                registry.promote(args[1], v, true);
            }
            if (i % 7 == 6) {
                try {
                    registry.rollback(args[1]);
                } catch (RegistryException nothingToRollBackTo) {
                    // the activations ran out; promotes refill them
                }
            }
        }
    }
}
