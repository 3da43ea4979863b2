package io.minetwin.connectors.opcua.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm conditions against an independent OPC UA client, node-opcua (installed on first use like
 * {@link ScadaNodeOpcuaIT}'s): its ClientAlarmList sees an open alert as an unacknowledged alarm (through its
 * ConditionRefresh), it acknowledges it as a {@code scada} user and the alert's owner records the acknowledgement
 * with that user, the same call from an anonymous session is refused, and ConditionRefresh on its own subscription
 * re-sends the retained conditions between RefreshStart and RefreshEnd.
 */
class ScadaNodeOpcuaAlarmsIT {

    static final TwinId SHOVEL = TwinId.parse("baiyun:shovel-07");

    @TempDir
    Path dir;

    @Test
    void nodeOpcuaAcknowledgesAnAlarmAndRefreshesTheConditions() throws Exception {
        Assumptions.assumeTrue(ScadaNodeOpcuaIT.onPath("node") && ScadaNodeOpcuaIT.onPath("npm"),
                "ScadaNodeOpcuaAlarmsIT skipped: 'node' and 'npm' are not on PATH; install Node.js 18+ to run it");
        Path work = ScadaNodeOpcuaIT.nodeOpcua();
        Files.copy(Path.of("src/test/java/io/minetwin/connectors/opcua/server/node/scada-alarms.js"),
                work.resolve("scada-alarms.js"), StandardCopyOption.REPLACE_EXISTING);

        var repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        repo.register(ScadaTestSupport.shovel("shovel-07"));
        var users = List.of(new ScadaUser("control-room", PasswordHash.hash("control-room-pw", new SecureRandom()),
                ScadaRole.SCADA));
        List<AlertEvent> recorded = new CopyOnWriteArrayList<>();
        try (var server = ScadaServer.start(ScadaServerSettings.local(0, dir.resolve("pki"), users, true), repo,
                SeriesReader.NONE)) {
            ScadaAlarms alarms = server.alarms();
            alarms.setActions(ScadaTestSupport.recordingActions(alarms, recorded, confirmed -> { }));
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            var health = new ComponentHealth(t, 35, Map.of("7d", 0.4), Optional.empty(), AlertLevel.CRITICAL,
                    List.of(), "m@1");
            AlertEvent raised = AlertEvent.levelChanged(t, SHOVEL, "hoist-motor", t, AlertLevel.OK, AlertLevel.CRITICAL,
                    health);
            recorded.add(raised);
            alarms.apply(raised);

            Process client = new ProcessBuilder("node", "scada-alarms.js", server.endpointUrl(), "control-room",
                    "control-room-pw").directory(work.toFile()).redirectErrorStream(true).start();
            // the client's certificate is refused once (it lands in pki/rejected): trust it, as an administrator would
            var trusting = new AtomicBoolean(true);
            Thread trust = new Thread(() -> {
                Path rejected = server.pki().dir().resolve("rejected");
                while (trusting.get()) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(rejected)) {
                        for (Path f : files) {
                            try (var in = Files.newInputStream(f)) {
                                // only a certificate written completely
                                java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
                            } catch (java.security.cert.CertificateException partial) {
                                continue;
                            }
                            Files.move(f, server.pki().trustedCertsDir().resolve(f.getFileName()),
                                    StandardCopyOption.REPLACE_EXISTING);
                        }
                        Thread.sleep(100);
                    } catch (IOException e) {
                        // not there yet
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "trust-node-opcua");
            trust.setDaemon(true);
            trust.start();
            List<String> lines = ScadaNodeOpcuaIT.outputOf(client, () -> trusting.set(false));
            String all = String.join("\n", lines);
            String condition = server.alarms().conditionId(SHOVEL, "hoist-motor").toParseableString();
            List<String[]> alarmsSeen = new ArrayList<>();
            List<String[]> refreshed = new ArrayList<>();
            String[] ack = null;
            String[] acked = null;
            String[] anonymous = null;
            String[] refresh = null;
            for (String l : lines) {
                String[] f = l.split("\t");
                switch (f[0]) {
                    case "ALARM" -> alarmsSeen.add(f);
                    case "ACK" -> ack = f;
                    case "ACKED" -> acked = f;
                    case "ANON_ACK" -> anonymous = f;
                    case "REFRESH" -> refresh = f;
                    case "EVENT" -> refreshed.add(f);
                    default -> { }
                }
            }
            assertTrue(alarmsSeen.stream().anyMatch(a -> a[1].equals(condition) && a[3].equals("true")
                    && a[4].equals("false") && a[6].equals("900")), "the open alert as an unacknowledged alarm: " + all);
            assertEquals("BadUserAccessDenied", anonymous[1], all);
            assertEquals("Good", ack[1], all);
            assertEquals("true", acked[2], all);
            assertEquals("control-room", acked[3], all);
            AlertEvent ackRecorded = recorded.stream().filter(a -> a.action() == AlertEvent.Action.ACKNOWLEDGED)
                    .findFirst().orElseThrow(() -> new AssertionError("nothing recorded: " + all));
            assertEquals(raised.alert(), ackRecorded.alert());
            assertEquals(Optional.of("control-room"), ackRecorded.user());
            assertEquals(Optional.of("acknowledged from node-opcua"), ackRecorded.comment());

            assertEquals("Good", refresh[1], all);
            assertEquals("ns=0;i=2787", refreshed.get(0)[1], "RefreshStartEvent first: " + all);
            assertEquals("ns=0;i=2788", refreshed.get(refreshed.size() - 1)[1], "RefreshEndEvent last: " + all);
            List<String[]> conditions = refreshed.stream().filter(e -> e[3].equals(condition)).toList();
            assertEquals(1, conditions.size(), "the retained condition, re-sent once: " + all);
            assertEquals("true", conditions.get(0)[4], "acknowledged: " + all);
            assertEquals("true", conditions.get(0)[5], "retained (active, to be confirmed): " + all);
        }
    }
}
