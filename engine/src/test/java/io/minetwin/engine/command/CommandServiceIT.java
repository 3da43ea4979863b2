package io.minetwin.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.opcua.EndpointStatus;
import io.minetwin.connectors.opcua.OpcUaConnector;
import io.minetwin.engine.api.AuditLog;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Quality;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import io.minetwin.model.Writable;
import io.minetwin.testkit.TwinFixtures;
import io.minetwin.testkit.opcua.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal of a command, and its success, against a real OPC UA server (testkit's {@link TestServer}) reached
 * through the engine's real connector, with the twin fed by that connector: not writable, out of range, interlock,
 * quality, not connected, not confirmed (same user; unconfirmed until it expires), not verified (a server that
 * acknowledges the write but does not apply it), and a two-person command confirmed, written and read back.
 */
public class CommandServiceIT {

    static final TwinId TRUCK = TwinId.parse("baiyun:truck-01");
    static final String DERATE = "baiyun/truck-01/engine/derate";
    static final String FAN = "baiyun/truck-01/engine/fan-limit";
    static final String COOLANT = "baiyun/truck-01/engine/coolant-temp";
    static final SeriesKey DERATE_KEY = SeriesKey.of(TRUCK, "engine.derate");
    static final SeriesKey FAN_KEY = SeriesKey.of(TRUCK, "engine.fan-limit");
    static final SeriesKey STATE_KEY = SeriesKey.of(TRUCK, "machine.state");
    static final CommandService.Actor ALICE = new CommandService.Actor("alice", "operator", "10.0.0.1");
    static final CommandService.Actor BOB = new CommandService.Actor("bob", "operator", "10.0.0.2");

    @TempDir
    Path dir;

    TestServer server;
    OpcUaConnector connector;
    InMemoryTwinRepository twins;
    TwinFixtures.ManualClock clock;
    AuditLog audit;
    CommandService commands;

    /** A truck type with a two-person derate (running or idle) and a fan limit without conditions. */
    public static AssetType truckType() {
        ChannelSpec derate = ChannelSpec.number("derate", "%").withPhysical(0, 100)
                .withWritable(new Writable(0, 30, 5, List.of("running", "idle"), Writable.Confirm.TWO_PERSON));
        ChannelSpec fan = ChannelSpec.number("fan-limit", "%").withPhysical(0, 100)
                .withWritable(new Writable(50, 100, 0, List.of(), Writable.Confirm.NONE));
        return new AssetType("haul-truck", "", List.of(
                new ComponentType("engine", "", List.of(ChannelSpec.number("coolant-temp", "degC")
                        .withPhysical(-50, 150), derate, fan)),
                new ComponentType("machine", "", List.of(ChannelSpec.state("state",
                        List.of("running", "idle", "down", "maintenance"))))));
    }

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(Map.of(DERATE, "", FAN, "", COOLANT, "degC"), false);
        Instant now = Instant.now();
        server.set(DERATE, 0, now);
        server.set(FAN, 100, now);
        server.set(COOLANT, 88, now);
        twins = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        twins.register(new TwinDefinition(TRUCK, truckType(), TwinAttributes.NONE));
        setState("running");
        connector = TwinFeed.start(twins, "pit", server.url(), dir.resolve("pki"), 50,
                c -> c.withKeepAlive(Duration.ofMillis(500)));
        await(Duration.ofSeconds(30), () -> connector.status().state() == EndpointStatus.State.CONNECTED
                && good(DERATE_KEY) && good(FAN_KEY), "connected and fed");
        clock = new TwinFixtures.ManualClock(Instant.now());
        audit = new AuditLog(dir);
        commands = new CommandService(twins, new OpcuaCommandWriter(() -> List.of(connector)), Optional.of(audit),
                clock, new CommandService.Settings(Duration.ofSeconds(3), Duration.ofMinutes(5), 100));
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void setState(String state) {
        twins.apply(List.of(Sample.good(STATE_KEY, Instant.now(), Value.of(state))));
    }

    private boolean good(SeriesKey key) {
        return twins.twin(key.twin()).flatMap(t -> t.channel(key)).map(c -> c.latest().quality() instanceof Quality.Good)
                .orElse(false);
    }

    static void await(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    private CommandException refused(CommandService.Actor who, String channel, double value) {
        return assertThrows(CommandException.class, () -> commands.request(who, TRUCK, channel, value));
    }

    private List<String> auditLines() {
        return audit.read(Instant.EPOCH, 1000).stream()
                .map(e -> e.who() + " | " + e.action() + " | " + e.target() + " | " + e.outcome()).toList();
    }

    @Test
    void notWritable() {
        CommandException e = refused(ALICE, "engine.coolant-temp", 80);
        assertEquals(CommandException.Kind.INVALID, e.kind());
        assertEquals("channel", e.field());
        assertEquals("not writable: engine.coolant-temp of asset type haul-truck is not declared writable; writable"
                + " channels: engine.derate, engine.fan-limit", e.getMessage());
        assertEquals(Command.State.REFUSED, e.command().state());
        assertTrue(auditLines().get(0).startsWith("alice | command request | cmd-"), auditLines().toString());
        assertTrue(auditLines().get(0).endsWith("| refused: " + e.getMessage()), auditLines().toString());
        assertEquals("not writable: asset type haul-truck has no channel 'engine.turbo'; its writable channels:"
                + " engine.derate, engine.fan-limit", refused(ALICE, "engine.turbo", 1).getMessage());
        assertTrue(server.writes().isEmpty());
    }

    @Test
    void outOfRangeOffStepAndNotANumber() {
        CommandException e = refused(ALICE, "engine.derate", 45);
        assertEquals("value", e.field());
        assertEquals("out of range: 45 % is outside 0 to 30 % declared writable for engine.derate", e.getMessage());
        assertEquals("out of range: 12 is not on the step of 5 % from 0; the nearest allowed value is 10",
                refused(ALICE, "engine.derate", 12).getMessage());
        assertTrue(refused(ALICE, "engine.derate", Double.NaN).getMessage().startsWith("out of range: the value must be"
                + " a finite number from 0 to 30 %"));
        assertTrue(server.writes().isEmpty());
    }

    @Test
    void interlockOnTheLiveMachineState() {
        setState("down");
        CommandException e = refused(ALICE, "engine.derate", 20);
        assertEquals(CommandException.Kind.CONFLICT, e.kind());
        assertEquals("interlock: machine down; engine.derate may be written only while machine.state is running or"
                + " idle", e.getMessage());
        assertEquals(Optional.of(0.0), Optional.of(e.command().oldValue().getAsDouble()), "the old value is recorded");
        twins.apply(List.of(new Sample(STATE_KEY, Instant.now(), Value.of("running"), Quality.bad("sensor failure"))));
        assertEquals("interlock: machine.state of baiyun:truck-01 is of bad quality (sensor failure); engine.derate"
                + " may be written only while machine.state is running or idle",
                refused(ALICE, "engine.derate", 20).getMessage());
        assertTrue(server.writes().isEmpty());
    }

    @Test
    void qualityOfTheChannelMustBeGood() {
        server.setBad(FAN, Instant.now());
        await(Duration.ofSeconds(10), () -> !good(FAN_KEY), "the bad reading");
        CommandException e = refused(ALICE, "engine.fan-limit", 80);
        assertEquals(CommandException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().startsWith("quality: engine.fan-limit of baiyun:truck-01 is of bad quality"),
                e.getMessage());
        assertTrue(server.writes().isEmpty());
    }

    @Test
    void notConnected() throws Exception {
        server.stop();
        await(Duration.ofSeconds(20), () -> connector.status().state() != EndpointStatus.State.CONNECTED,
                "the connection to drop");
        CommandException e = refused(ALICE, "engine.fan-limit", 80);
        assertEquals(CommandException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().startsWith("not connected: endpoint pit (" + server.url() + ") is "), e.getMessage());
        assertTrue(server.writes().isEmpty());
    }

    @Test
    void notConfirmedBySameUserOrByNobody() {
        server.acceptWrites(DERATE, true);
        Command waiting = commands.request(ALICE, TRUCK, "engine.derate", 20);
        assertEquals(Command.State.AWAITING_CONFIRMATION, waiting.state());
        CommandException same = assertThrows(CommandException.class, () -> commands.confirm(ALICE, waiting.id()));
        assertEquals("not confirmed: alice requested command " + waiting.id() + " and cannot also confirm it; a"
                + " second, different user must confirm it", same.getMessage());
        assertEquals(Command.State.AWAITING_CONFIRMATION, commands.get(waiting.id()).orElseThrow().state());
        assertTrue(server.writes().isEmpty(), "nothing is written before a second user confirms");

        clock.advance(Duration.ofMinutes(6));
        assertEquals(Command.State.EXPIRED, commands.get(waiting.id()).orElseThrow().state());
        CommandException late = assertThrows(CommandException.class, () -> commands.confirm(BOB, waiting.id()));
        assertTrue(late.getMessage().startsWith("not confirmed: command " + waiting.id() + " is expired (not confirmed:"
                + " no second user confirmed it within 5 min; nothing was written)"), late.getMessage());
        assertTrue(server.writes().isEmpty());
    }

    @Test
    void twoPersonCommandIsConfirmedWrittenAndVerifiedWithEveryStepAudited() {
        server.acceptWrites(DERATE, true);
        Command waiting = commands.request(ALICE, TRUCK, "engine.derate", 20);
        Command done = commands.confirm(BOB, waiting.id());
        assertEquals(Command.State.VERIFIED, done.state(), done.reason());
        assertEquals(20.0, done.readBack().getAsDouble());
        assertEquals(Optional.of("bob"), done.confirmedBy());
        assertEquals(List.of(DERATE + "=20.0"), server.writes());
        String target = waiting.id() + " baiyun:truck-01 engine.derate 0 -> 20 %";
        assertEquals(List.of(
                "alice | command request | " + target + " | accepted; awaiting confirmation by a second user",
                "bob | command confirm | " + target + " | confirmed",
                "bob | command write | " + target + " | written (Good)",
                "bob | command verify | " + target + " | verified: read back 20"), auditLines());
        assertEquals(List.of(done.id()), commands.list(c -> true).stream().map(Command::id).toList());
    }

    @Test
    void notVerifiedWhenTheServerAcknowledgesButDoesNotApply() {
        server.acceptWrites(FAN, false);
        Command c = commands.request(ALICE, TRUCK, "engine.fan-limit", 70);
        assertEquals(Command.State.NOT_VERIFIED, c.state());
        assertEquals(List.of(FAN + "=70.0"), server.writes(), "the write reached the server");
        assertTrue(c.reason().startsWith("not verified: the server accepted 70 for ")
                && c.reason().endsWith("within 3000 ms it still reads 100; the equipment did not apply it"), c.reason());
        assertTrue(auditLines().get(auditLines().size() - 1).endsWith("| " + c.reason()), auditLines().toString());
    }

    @Test
    void aServerRefusalIsAFailureNamingItsStatus() {
        // The channel is declared writable in the asset type, but the equipment's server does not let it be written.
        Command c = commands.request(ALICE, TRUCK, "engine.fan-limit", 70);
        assertEquals(Command.State.FAILED, c.state());
        assertTrue(c.status().equals("Bad_UserAccessDenied") || c.status().equals("Bad_NotWritable"), c.status());
        assertTrue(c.reason().startsWith(c.status() + ": "), c.reason());
    }
}
