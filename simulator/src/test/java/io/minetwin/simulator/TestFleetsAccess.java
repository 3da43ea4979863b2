package io.minetwin.simulator;

import io.minetwin.model.Fleet;

/** Lets tests in other packages use {@link TestFleets}. */
public final class TestFleetsAccess {
    private TestFleetsAccess() {
    }

    public static Fleet fleet() {
        return TestFleets.fleet();
    }

    /**
     * The test fleet with set points: the shovel's {@code hoist-motor.speed-limit} (50-100 %, step 5, idle or
     * running) and the truck's {@code engine.derate} (0-30 %, step 5, any state).
     */
    public static Fleet writableFleet() {
        return TestFleets.writableFleet();
    }
}
