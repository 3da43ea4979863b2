/**
 * The fault suite, {@code minetwin bench faults}: the engine run as a separate process under real faults
 * (SIGKILL of the engine, a full disk, the equipment's OPC UA server killed, the network cut through a TCP
 * proxy, a year-long history read and an SSE storm during ingest), each case reported with its figures.
 *
 * <p>Entry type: {@link io.minetwin.engine.faults.FaultSuite}. Its equipment is
 * {@link io.minetwin.engine.faults.FaultServer}, an OPC UA server in its own process whose values encode
 * their sequence number and which keeps its history on disk, so that after the fact the suite can tell
 * which samples the engine acknowledged, lost or stored twice.
 */
package io.minetwin.engine.faults;
