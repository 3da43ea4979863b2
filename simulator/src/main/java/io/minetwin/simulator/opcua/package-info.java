/**
 * The simulated fleet served over OPC UA (Eclipse Milo): {@code Objects/<site>/<asset>/<component>/<channel>}
 * Double variables with EngineeringUnits and EURange, source timestamps in simulated time.
 *
 * <p>Entry type: {@link io.minetwin.simulator.opcua.SimulationServer}.
 */
package io.minetwin.simulator.opcua;
