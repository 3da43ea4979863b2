/**
 * OPC UA ingest wiring: {@link io.minetwin.engine.ingest.OpcuaSettings} reads the {@code opcua}
 * section of the engine configuration with located errors, {@link io.minetwin.engine.ingest.OpcuaIngest}
 * runs one connector per endpoint into an {@link io.minetwin.engine.ingest.IngestPipeline}, the bounded,
 * backpressured queue in front of the twin service's apply path.
 */
package io.minetwin.engine.ingest;
