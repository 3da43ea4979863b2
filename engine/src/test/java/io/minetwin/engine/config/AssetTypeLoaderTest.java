package io.minetwin.engine.config;

import static io.minetwin.engine.config.ConfigFixtures.TRUCK;
import static io.minetwin.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AssetType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetTypeLoaderTest {

    @TempDir
    Path dir;

    private String error(String yaml) {
        Path f = write(dir, "haul-truck.yaml", yaml);
        return assertThrows(ConfigException.class, () -> AssetTypeLoader.load(f)).getMessage();
    }

    @Test
    void validTypeLoadsInDeclaredOrder() {
        AssetType t = AssetTypeLoader.load(write(dir, "haul-truck.yaml", TRUCK));
        assertEquals("haul-truck", t.name());
        assertEquals(java.util.List.of("engine", "machine"), t.componentNames());
        assertEquals(java.util.List.of("coolant-temp", "speed"), t.component("engine").orElseThrow().channelNames());
    }

    @Test
    void alarmInsideTheNormalRangeIsReportedAtTheLimitWithTheFix() {
        String msg = error(TRUCK.replace("alarm: {high: 107}", "alarm: {high: 95}")
                .replace("normal: {min: 80, max: 95}", "normal: {min: 80, max: 102}")
                .replace("        warning: {high: 102}\n", ""));
        assertEquals(dir.resolve("haul-truck.yaml") + ":9:23: components.engine.channels.coolant-temp.alarm.high:"
                + " 95 is below normal.max 102; the alarm limit must lie outside the normal range", msg);
    }

    @Test
    void unknownKeySuggestsTheNearestKnownOne() {
        String msg = error(TRUCK.replace("unit: rpm", "unti: rpm"));
        assertTrue(msg.startsWith(dir.resolve("haul-truck.yaml") + ":13:9: components.engine.channels.speed.unti:"
                + " unknown key; did you mean 'unit'?"), msg);
    }

    @Test
    void unknownValueTypeListsTheTypes() {
        String msg = error(TRUCK.replace("type: state", "type: stat"));
        assertTrue(msg.contains(":17:15: components.machine.channels.state.type: 'stat' is not a value type;"
                + " did you mean 'state'? use one of number, integer, boolean, state"), msg);
    }

    @Test
    void stateChannelWithoutStatesIsReported() {
        String msg = error(TRUCK.replace("    states: [running, idle, down, maintenance]\n", "\n"));
        assertTrue(msg.contains("components.machine.channels.state.states: channel 'state' is a state channel"
                + " without states"), msg);
    }

    @Test
    void textWhereANumberBelongsIsReported() {
        String msg = error(TRUCK.replace("max: 150}", "max: hot}"));
        assertTrue(msg.contains(":11:35: components.engine.channels.coolant-temp.physical.max: expected a number but"
                + " found the text 'hot'"), msg);
    }

    @Test
    void rangeWithMinAboveMaxIsReportedAtMax() {
        String msg = error(TRUCK.replace("physical: {min: -50, max: 150}", "physical: {min: 150, max: -50}"));
        assertTrue(msg.contains(":11:35: components.engine.channels.coolant-temp.physical.max: -50 is below min 150;"
                + " swap them"), msg);
    }

    @Test
    void nameMustMatchTheFileName() {
        String msg = error(TRUCK.replace("name: haul-truck", "name: truck"));
        assertTrue(msg.contains(":1:7: name: 'truck' differs from the file name 'haul-truck.yaml'"), msg);
    }

    @Test
    void sameAsCopiesChannelsAndUnknownTargetsAreReported() {
        String yaml = TRUCK + "  machine-2:\n    same-as: machine\n";
        AssetType t = AssetTypeLoader.load(write(dir, "haul-truck.yaml", yaml));
        assertEquals(t.component("machine").orElseThrow().channels(), t.component("machine-2").orElseThrow().channels());
        String msg = error(TRUCK + "  machine-2:\n    same-as: machin\n");
        assertTrue(msg.contains("components.machine-2.same-as: 'machin' is not a component of this type that"
                + " declares channels; did you mean 'machine'?"), msg);
    }

    @Test
    void repeatedKeyIsReportedWithBothLines() {
        String msg = error(TRUCK.replace("    unit: rpm", "    unit: rpm\n        unit: 1/min"));
        assertTrue(msg.contains(":14:9: components.engine.channels.speed.unit: key repeated (first at line 13)"), msg);
    }

    @Test
    void invalidYamlIsReportedWithItsLocation() {
        String msg = error("name: haul-truck\ncomponents: [a, b\n");
        assertTrue(msg.startsWith(dir.resolve("haul-truck.yaml") + ":"), msg);
        assertTrue(msg.contains("not valid YAML"), msg);
    }

    @Test
    void severalProblemsAreReportedTogether() {
        var e = assertThrows(ConfigException.class, () -> AssetTypeLoader.load(write(dir, "haul-truck.yaml",
                TRUCK.replace("unit: rpm", "unti: rpm").replace("type: state", "type: stat"))));
        assertEquals(2, e.problems().size());
    }

    @Test
    void folderWithoutTypesIsReported() {
        String msg = assertThrows(ConfigException.class, () -> AssetTypeLoader.loadDirectory(dir)).getMessage();
        assertTrue(msg.contains("no asset type files"), msg);
    }
}
