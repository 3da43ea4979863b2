package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.opcua.Units;
import io.minetwin.connectors.sparkplug.proto.SparkplugBProto.Payload;
import io.minetwin.model.Quality;
import io.minetwin.model.Value;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkplugTopicTest {

    @Test
    void parsesNodeAndDeviceTopicsAndIgnoresOthers() {
        var node = SparkplugTopic.parse("spBv1.0/Baiyun/NDATA/shovel-01").orElseThrow();
        assertEquals("Baiyun", node.group());
        assertEquals(SparkplugTopic.MessageType.NDATA, node.type());
        assertEquals(Optional.empty(), node.device());
        var device = SparkplugTopic.parse("spBv1.0/Baiyun/DBIRTH/shovel-01/hoist-drive").orElseThrow();
        assertEquals(Optional.of("hoist-drive"), device.device());
        assertEquals("spBv1.0/Baiyun/DBIRTH/shovel-01/hoist-drive", device.toString());
        assertTrue(SparkplugTopic.parse("spBv1.0/STATE/scada-host").isEmpty());
        assertTrue(SparkplugTopic.parse("spBv1.0/Baiyun/DDATA/shovel-01").isEmpty(), "device message without device");
        assertTrue(SparkplugTopic.parse("spBv1.0/Baiyun/NDATA/shovel-01/extra").isEmpty());
        assertTrue(SparkplugTopic.parse("spAv1.0/Baiyun/NDATA/shovel-01").isEmpty());
        assertTrue(SparkplugTopic.parse("spBv1.0/Baiyun/NOPE/shovel-01").isEmpty());
    }

    @Test
    void namePatternsCaptureSegmentsAndRejectMixedOnes() {
        NamePattern p = NamePattern.parse("{component}/*/{channel}", "metric");
        assertEquals(Map.of("component", "hoist", "channel", "temp"), p.match("hoist/x/temp").orElseThrow());
        assertTrue(p.match("hoist/temp").isEmpty());
        assertTrue(NamePattern.parse("Engine/Coolant Temp", "metric").match("Engine/Coolant Temp").isPresent());
        assertThrows(IllegalArgumentException.class, () -> NamePattern.parse("pre{x}", "metric"));
        assertThrows(IllegalArgumentException.class, () -> NamePattern.parse("a//b", "metric"));
        assertThrows(IllegalArgumentException.class, () -> NamePattern.parse("{a}/{a}", "metric"));
        assertThrows(IllegalArgumentException.class, () -> NamePattern.parse("#", "group"));
    }

    @Test
    void readsIntegersByDatatypeAndQualityFromProperties() {
        var int8 = Payload.Metric.newBuilder().setIntValue(0xFF).setDatatype(Metrics.INT8).build();
        assertEquals(Value.of(-1.0), Metrics.read(int8, 0, Units.Conversion.IDENTITY).value());
        var uint32 = Payload.Metric.newBuilder().setIntValue(-1).setDatatype(Metrics.UINT32).build();
        assertEquals(Value.of(4294967295.0), Metrics.read(uint32, 0, Units.Conversion.IDENTITY).value());
        var uint64 = Payload.Metric.newBuilder().setLongValue(-1L).build();
        assertEquals(Value.of(1.8446744073709552E19), Metrics.read(uint64, Metrics.UINT64,
                Units.Conversion.IDENTITY).value(), "the birth's datatype applies to data without one");
        var uncertain = Payload.Metric.newBuilder().setDoubleValue(1).setProperties(Payload.PropertySet.newBuilder()
                .addKeys("Quality").addValues(Payload.PropertyValue.newBuilder().setIntValue(64))).build();
        assertInstanceOf(Quality.Uncertain.class, Metrics.read(uncertain, Metrics.DOUBLE,
                Units.Conversion.IDENTITY).quality());
        var dataset = Payload.Metric.newBuilder().setDatasetValue(Payload.DataSet.newBuilder()).build();
        assertInstanceOf(Quality.Bad.class, Metrics.read(dataset, 16, Units.Conversion.IDENTITY).quality());
        var unit = Payload.Metric.newBuilder().setProperties(Payload.PropertySet.newBuilder().addKeys("engUnit")
                .addValues(Payload.PropertyValue.newBuilder().setStringValue(" psi "))).build();
        assertEquals(Optional.of("psi"), Metrics.unit(unit));
    }

    @Test
    void theRebirthCommandIsTheSpecificationsNodeControlMetric() throws Exception {
        Payload p = Payload.parseFrom(SparkplugConnector.rebirthPayload(1234));
        assertEquals(1, p.getMetricsCount());
        assertEquals("Node Control/Rebirth", p.getMetrics(0).getName());
        assertEquals(11, p.getMetrics(0).getDatatype());
        assertTrue(p.getMetrics(0).getBooleanValue());
        assertEquals(1234, p.getTimestamp());
    }
}
