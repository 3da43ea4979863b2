package io.minetwin.engine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Fleet;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.testkit.TwinFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleTest {

    static final Fleet FLEET = TwinFixtures.fleet();

    static AlertEvent alert(TwinId twin, String component, AlertLevel before, AlertLevel after) {
        return AlertEvent.levelChanged(TwinFixtures.T0, twin, component, TwinFixtures.T0, before, after,
                TwinFixtures.health(TwinFixtures.T0, 50, after));
    }

    static Rule rule(AlertLevel level, List<String> types, List<String> sites, List<String> twins,
                     List<String> components) {
        return new Rule("r", level, types, sites, twins, components, List.of("c"), Duration.ZERO);
    }

    static boolean matches(Rule r, AlertEvent a) {
        return r.matches(a, FLEET.twin(a.twin()), FLEET.site());
    }

    @Test
    void levelIsThatLevelAndAboveOnRaiseAndEscalationOnly() {
        Rule r = rule(AlertLevel.WARNING, List.of(), List.of(), List.of(), List.of());
        TwinId s = TwinFixtures.SHOVEL;
        assertTrue(matches(r, alert(s, "hoist-motor", AlertLevel.OK, AlertLevel.WARNING)));
        assertTrue(matches(r, alert(s, "hoist-motor", AlertLevel.OK, AlertLevel.CRITICAL)));
        assertTrue(matches(r, alert(s, "hoist-motor", AlertLevel.WARNING, AlertLevel.CRITICAL)));
        assertFalse(matches(r, alert(s, "hoist-motor", AlertLevel.OK, AlertLevel.WATCH)));
        assertFalse(matches(r, alert(s, "hoist-motor", AlertLevel.CRITICAL, AlertLevel.WARNING)), "eased");
        assertFalse(matches(r, alert(s, "hoist-motor", AlertLevel.WARNING, AlertLevel.OK)), "cleared");
        assertFalse(matches(r, AlertEvent.acknowledged(TwinFixtures.T0, s, "hoist-motor",
                AlertEvent.id(s, "hoist-motor", TwinFixtures.T0), AlertLevel.CRITICAL, "ana", "seen")));
    }

    @Test
    void globsOverAssetTypeSiteTwinAndComponent() {
        AlertEvent hoist = alert(TwinFixtures.SHOVEL, "hoist-motor", AlertLevel.OK, AlertLevel.WARNING);
        AlertEvent igbt = alert(TwinFixtures.HOIST_INVERTER, "igbt", AlertLevel.OK, AlertLevel.WARNING);
        Rule shovels = rule(AlertLevel.WATCH, List.of("electric-*"), List.of(), List.of(), List.of());
        assertTrue(matches(shovels, hoist));
        assertFalse(matches(shovels, igbt));
        Rule hoists = rule(AlertLevel.WATCH, List.of(), List.of(), List.of(), List.of("hoist-*", "igb?"));
        assertTrue(matches(hoists, hoist));
        assertTrue(matches(hoists, igbt));
        assertFalse(matches(rule(AlertLevel.WATCH, List.of(), List.of(), List.of(), List.of("hoist")), hoist),
                "a glob matches the whole name");
        Rule site = rule(AlertLevel.WATCH, List.of(), List.of("BAIYUN *"), List.of(), List.of());
        assertTrue(matches(site, hoist), "sites are matched ignoring case");
        assertFalse(matches(rule(AlertLevel.WATCH, List.of(), List.of("Tongling*"), List.of(), List.of()), hoist));
        Rule twins = rule(AlertLevel.WATCH, List.of(), List.of(), List.of("baiyun:shovel-??"), List.of());
        assertTrue(matches(twins, hoist));
        assertFalse(matches(twins, igbt));
        assertFalse(Rule.glob("a.c", false).matcher("abc").matches(), "a dot is literal");
    }

    @Test
    void theFleetsSiteStandsInForATwinWithoutOne() {
        TwinDefinition d = TwinFixtures.shovel();
        var bare = new TwinDefinition(d.id(), d.type(), io.minetwin.model.TwinAttributes.NONE);
        Rule r = rule(AlertLevel.WATCH, List.of(), List.of("Baiyun iron mine"), List.of(), List.of());
        AlertEvent a = alert(d.id(), "hoist-motor", AlertLevel.OK, AlertLevel.WARNING);
        assertTrue(r.matches(a, Optional.of(bare), "Baiyun iron mine"));
        assertFalse(r.matches(a, Optional.of(bare), "Tongling copper mine"));
        assertFalse(r.matches(a, Optional.empty(), "Baiyun iron mine"), "a twin no longer in the fleet");
        assertTrue(rule(AlertLevel.WATCH, List.of(), List.of(), List.of(), List.of()).matches(a, Optional.empty(),
                ""), "a rule without asset type or site filters still takes it");
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        Retry r = new Retry(6, Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                        Duration.ofSeconds(10), Duration.ofSeconds(10)),
                List.of(r.delayAfter(1), r.delayAfter(2), r.delayAfter(3), r.delayAfter(4), r.delayAfter(5)));
    }

    @Test
    void theSignatureCoversTimestampAndBody() {
        byte[] secret = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sig = WebhookSignature.sign(secret, 1_700_000_000L, body);
        assertTrue(sig.matches("sha256=[0-9a-f]{64}"), sig);
        assertTrue(WebhookSignature.verify(secret, 1_700_000_000L, body, sig));
        assertFalse(WebhookSignature.verify(secret, 1_700_000_001L, body, sig), "another timestamp");
        assertFalse(WebhookSignature.verify(secret, 1_700_000_000L, "{\"a\":2}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), sig), "another body");
    }
}
