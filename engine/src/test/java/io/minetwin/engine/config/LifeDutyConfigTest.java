package io.minetwin.engine.config;

import static io.minetwin.engine.config.ConfigFixtures.TRUCK;
import static io.minetwin.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AssetType;
import io.minetwin.model.ComponentType;
import io.minetwin.model.DutySpec;
import io.minetwin.model.LifeSpec;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code life.duty}: a life counted in a duty channel, parsed with its default exponent, and each mistake named. */
class LifeDutyConfigTest {

    @TempDir
    Path dir;

    private static String withLife(String life) {
        return TRUCK.replace("""
                  engine:
                    channels:
                """, """
                  engine:
                    life: LIFE
                    channels:
                """.replace("LIFE", life));
    }

    private String error(String yaml) {
        Path f = write(dir, "haul-truck.yaml", yaml);
        return assertThrows(ConfigException.class, () -> AssetTypeLoader.load(f)).getMessage();
    }

    @Test
    void dutyIsParsedWithItsDefaultExponentAndALifeWithoutOneCountsCalendarHours() {
        AssetType t = AssetTypeLoader.load(write(dir, "haul-truck.yaml",
                withLife("{shape: 1.6, scale: 25000h, duty: {channel: speed, nominal: 1200}}")));
        LifeSpec life = t.component("engine").flatMap(ComponentType::life).orElseThrow();
        assertEquals(Optional.of(new DutySpec("speed", 1200, DutySpec.DEFAULT_EXPONENT)), life.duty());
        AssetType cubic = AssetTypeLoader.load(write(dir, "haul-truck.yaml",
                withLife("{shape: 1.6, scale: 25000h, duty: {channel: speed, nominal: 1200, exponent: 3}}")));
        assertEquals(3, cubic.component("engine").flatMap(ComponentType::life).orElseThrow().duty().orElseThrow()
                .exponent());
        AssetType plain = AssetTypeLoader.load(write(dir, "haul-truck.yaml", withLife("{shape: 1.6, scale: 25000h}")));
        assertTrue(plain.component("engine").flatMap(ComponentType::life).orElseThrow().duty().isEmpty());
    }

    @Test
    void aChannelTheComponentDoesNotHaveIsNamedWithItsNumericChannels() {
        String msg = error(withLife("{shape: 1.6, scale: 25000h, duty: {channel: fuel-rate, nominal: 130}}"));
        assertTrue(msg.contains("components.engine.life.duty.channel: 'fuel-rate' is not a numeric channel of this"
                + " component; name one of its numeric channels (coolant-temp, speed)"), msg);
    }

    @Test
    void aNominalOfZeroAndAnExponentOutOfRangeAreNamedWithTheFix() {
        String zero = error(withLife("{shape: 1.6, scale: 25000h, duty: {channel: speed, nominal: 0}}"));
        assertTrue(zero.contains("components.engine.life.duty.nominal: nominal duty 0.0 must be a finite number above 0"),
                zero);
        String exponent = error(withLife("{shape: 1.6, scale: 25000h, duty: {channel: speed, nominal: 1200,"
                + " exponent: 40}}"));
        assertTrue(exponent.contains("components.engine.life.duty.exponent: duty exponent 40.0 is not within 0.1..10"),
                exponent);
        String missing = error(withLife("{shape: 1.6, scale: 25000h, duty: {nominal: 1200}}"));
        assertTrue(missing.contains("components.engine.life.duty.channel"), missing);
        String unknown = error(withLife("{shape: 1.6, scale: 25000h, duty: {channel: speed, nominal: 1200, p: 2}}"));
        assertTrue(unknown.contains("components.engine.life.duty"), unknown);
    }
}
