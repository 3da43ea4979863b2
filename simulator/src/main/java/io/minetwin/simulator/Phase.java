package io.minetwin.simulator;

/** Where a machine is in its operation: working or available, down after a failure, in repair, in a service. */
enum Phase { OPERATING, DOWN, REPAIR, SERVICE }
