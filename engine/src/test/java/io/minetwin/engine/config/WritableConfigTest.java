package io.minetwin.engine.config;

import static io.minetwin.engine.config.ConfigFixtures.TRUCK;
import static io.minetwin.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.Writable;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code writable:} on a channel: parsed, nothing writable unless declared, and each mistake named with its fix. */
class WritableConfigTest {

    @TempDir
    Path dir;

    private static String withDerate(String writable) {
        return TRUCK.replace("""
                      speed:
                        unit: rpm
                """, """
                      speed:
                        unit: rpm
                      derate:
                        unit: '%'
                        physical: {min: 0, max: 100}
                        writable: WRITABLE
                """.replace("WRITABLE", writable));
    }

    private String error(String yaml) {
        Path f = write(dir, "haul-truck.yaml", yaml);
        return assertThrows(ConfigException.class, () -> AssetTypeLoader.load(f)).getMessage();
    }

    @Test
    void declaredWritableIsParsedAndNothingElseIsWritable() {
        AssetType t = AssetTypeLoader.load(write(dir, "haul-truck.yaml",
                withDerate("{min: 0, max: 30, step: 5, requires-state: [running, idle], confirm: two-person}")));
        Writable w = t.channel("engine", "derate").flatMap(ChannelSpec::writable).orElseThrow();
        assertEquals(new Writable(0, 30, 5, List.of("running", "idle"), Writable.Confirm.TWO_PERSON), w);
        assertEquals(List.of("engine.derate"), t.writableChannels());
        assertFalse(t.channel("engine", "coolant-temp").orElseThrow().writable().isPresent());
        assertTrue(w.onStep(15) && !w.onStep(12.5));
    }

    @Test
    void rangeOutsideThePhysicalRangeIsNamedWithTheFix() {
        String msg = error(withDerate("{min: 0, max: 130}"));
        assertTrue(msg.contains("components.engine.channels.derate.writable.max: writable.max 130 is above"
                + " physical.max 100; the writable range must lie inside the physical range"), msg);
    }

    @Test
    void stepThatDoesNotDivideTheRangeIsNamed() {
        String msg = error(withDerate("{min: 0, max: 30, step: 7}"));
        assertTrue(msg.contains("components.engine.channels.derate.writable.step: step 7 does not divide the range"
                + " 0 to 30; choose a step that does"), msg);
    }

    @Test
    void unknownStateIsNamedWithTheStatesToUse() {
        String msg = error(withDerate("{min: 0, max: 30, requires-state: [parked]}"));
        assertTrue(msg.contains("components.engine.channels.derate.writable.requires-state: 'parked' is not a state"
                + " of machine.state [running, idle, down, maintenance]; use one of them"), msg);
    }

    @Test
    void unknownConfirmationAndUnknownKeyAreNamed() {
        String msg = error(withDerate("{min: 0, max: 30, confirm: twice}"));
        assertTrue(msg.contains("components.engine.channels.derate.writable.confirm: 'twice' is not a confirmation;"
                + " use 'two-person'"), msg);
        msg = error(withDerate("{min: 0, max: 30, stpe: 5}"));
        assertTrue(msg.contains("components.engine.channels.derate.writable.stpe: unknown key; did you mean 'step'?"),
                msg);
    }

    @Test
    void missingBoundAndStateChannelAreNamed() {
        String msg = error(withDerate("{max: 30}"));
        assertTrue(msg.contains("components.engine.channels.derate.writable.min"), msg);
        msg = error(TRUCK.replace("    states: [running, idle, down, maintenance]", "    states: [running, idle, down, maintenance]\n        writable: {min: 0, max: 1}"));
        assertTrue(msg.contains("components.machine.channels.state.writable: channel 'state' is state: only number"
                + " and integer channels (set points) can be writable"), msg);
    }

    @Test
    void shippedTypesDeclareTheShovelSpeedLimitAndTheTruckDerate() {
        var types = AssetTypeLoader.loadDirectory(Path.of("../config/asset-types"));
        Writable speed = types.get("electric-shovel").channel("hoist-motor", "speed-limit")
                .flatMap(ChannelSpec::writable).orElseThrow();
        assertEquals(Writable.Confirm.TWO_PERSON, speed.confirm());
        assertEquals(List.of("idle"), speed.requiresState());
        Writable derate = types.get("haul-truck").channel("engine", "derate").flatMap(ChannelSpec::writable)
                .orElseThrow();
        assertEquals(0, derate.min());
        assertEquals(30, derate.max());
    }
}
