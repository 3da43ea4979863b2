/**
 * The fleet simulator: duty cycles, ambient, physics-based wear, failures, maintenance and sensor
 * faults for any fleet of configured asset types, on a simulated clock and deterministic for a seed.
 *
 * <p>Entry type: {@link io.minetwin.simulator.FleetSimulation} (one step at a time), with
 * {@link io.minetwin.simulator.DatasetGenerator} for fast offline datasets and
 * {@link io.minetwin.simulator.SimulationPlan} for what to simulate.
 */
package io.minetwin.simulator;
