package io.minetwin.simulator;

import io.minetwin.model.Fleet;

/** Lets tests in other packages use {@link TestFleets}. */
public final class TestFleetsAccess {
    private TestFleetsAccess() {
    }

    public static Fleet fleet() {
        return TestFleets.fleet();
    }
}
