/**
 * The fleet simulator: duty cycles, ambient, physics-based wear, failures, maintenance and sensor
 * faults for any fleet of configured asset types, on a simulated clock and deterministic for a seed.
 *
 * <p>Entry type: {@link io.minetwin.simulator.FleetSimulation} (one step at a time), with
 * {@link io.minetwin.simulator.DatasetGenerator} for fast offline datasets and
 * {@link io.minetwin.simulator.SimulationPlan} for what to simulate.
 *
 * <p>Inside, one twin ({@code TwinSim}) steps its duty cycle ({@code DutyCycle}), its operation and upkeep
 * ({@code MaintenanceCycle}), the physics of each channel and the wear of each failure mode, and lays its
 * sensor faults ({@code SensorFaults}) over the output. The physics of a channel is a {@code ChannelPhysics}
 * looked up by the channel's YAML name in a {@code PhysicsRegistry}; each failure mode is one
 * {@code FailureMode} class ({@code BearingWear}, {@code InsulationAgeing}, {@code GearPitting},
 * {@code CoolingFouling}, {@code TurboWear}, {@code EngineBearingWear}, {@code BondWireLiftOff},
 * {@code CapacitorAgeing}, {@code FanWear}, {@code LinerWear}, {@code FilterClogging}, {@code RopeWear})
 * holding its damage law and the channel physics that show it; channels without wear are grouped by the
 * work they describe ({@code OperationChannels}, {@code HaulChannels}, {@code DigChannels},
 * {@code DriveChannels}, {@code GenericChannels}).
 */
package io.minetwin.simulator;
