package io.minetwin.engine.scada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.opcua.server.ScadaServer;
import io.minetwin.connectors.opcua.server.ScadaServerSettings;
import io.minetwin.engine.api.AuditLog;
import io.minetwin.model.SeriesReader;
import io.minetwin.testkit.TwinFixtures;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SCADA client's write lands in the engine's audit log (what {@code GET /api/audit} and {@code audit} read). */
class ScadaAuditLogIT {

    @TempDir
    Path data;

    @Test
    void aRefusedScadaWriteIsInTheAuditLogWithUserNodeAddressAndStatus() throws Exception {
        var repo = TwinFixtures.repository(Clock.systemUTC());
        var log = new AuditLog(data);
        Instant before = Instant.now();
        try (var server = ScadaServer.start(ScadaServerSettings.local(0, data.resolve("scada-pki"), List.of(), true),
                repo, SeriesReader.NONE, new ScadaAuditLog(log, Clock.systemUTC()))) {
            URI uri = URI.create(server.endpointUrl());
            OpcUaClient c = OpcUaClient.create(server.endpointUrl(), endpoints -> endpoints.stream()
                            .filter(e -> e.getSecurityMode() == MessageSecurityMode.None).findFirst()
                            .map(e -> EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort())),
                    transport -> { }, b -> b.setApplicationUri("urn:minetwin:test")
                            .setIdentityProvider(new AnonymousProvider()));
            c.connect();
            try {
                var twin = repo.twins().get(0);
                var component = twin.definition().type().components().get(0);
                String node = twin.definition().id() + "/" + component.name() + "/"
                        + component.channels().get(0).name();
                int ns = c.getNamespaceTable().getIndex("urn:minetwin:twins").intValue();
                List<StatusCode> r = c.writeValues(List.of(new NodeId(ns, node)),
                        List.of(DataValue.valueOnly(new Variant(1.0))));
                assertTrue(r.get(0).isBad(), r.toString());
                List<AuditLog.Entry> entries = log.read(before, 10);
                assertEquals(1, entries.size(), entries.toString());
                AuditLog.Entry e = entries.get(0);
                assertEquals("anonymous", e.who());
                assertEquals("opcua Write Value", e.action());
                assertTrue(e.target().endsWith(node), e.target());
                assertEquals("127.0.0.1", e.from());
                assertTrue(e.outcome().startsWith("Bad_"), e.outcome());
                assertTrue(!e.time().isBefore(before));
            } finally {
                c.disconnect();
            }
        }
    }
}
