/**
 * The MQTT Sparkplug B connector: {@link io.minetwin.connectors.sparkplug.SparkplugConnector} subscribes to
 * one broker as a Sparkplug host application, maps groups, edge nodes, devices and metrics to twin channels
 * by {@link io.minetwin.connectors.sparkplug.MetricRule}s, and delivers to an
 * {@link io.minetwin.connectors.opcua.IngestSink}; configured by
 * {@link io.minetwin.connectors.sparkplug.BrokerConfig}. Payloads are decoded by the classes protoc generates
 * from the specification's {@code sparkplug_b.proto} (package {@code io.minetwin.connectors.sparkplug.proto}).
 */
package io.minetwin.connectors.sparkplug;
