package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    @Test
    void absentSectionMeansLocalhost8080AndNoTokens() {
        ApiSettings s = ApiSettings.from(null, "minetwin.yaml");

        assertEquals("127.0.0.1", s.bind());
        assertEquals(8080, s.port());
        assertTrue(s.tokens().isEmpty());
    }

    @Test
    void tokensAreReadWithTheirRoles() {
        String hash = AccessTokens.hash("secret");
        ApiSettings s = ApiSettings.from(Map.of("port", 9090, "tokens",
                List.of(Map.of("name", "office", "role", "planner", "sha256", hash))), "minetwin.yaml");

        assertEquals(9090, s.port());
        var principal = new AccessTokens(s.tokens()).authenticate("secret").orElseThrow();
        assertEquals(Role.PLANNER, principal.role());
        assertEquals("office", principal.name());
    }

    @Test
    void badEntriesNameTheKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> ApiSettings.from(Map.of("tokens",
                List.of(Map.of("name", "x", "role", "boss", "sha256", AccessTokens.hash("s")))), "minetwin.yaml"));
        assertTrue(e.getMessage().startsWith("minetwin.yaml: http.tokens[0]: role 'boss' is not one of"), e.getMessage());

        var plain = assertThrows(IllegalArgumentException.class, () -> ApiSettings.from(Map.of("tokens",
                List.of(Map.of("name", "x", "role", "viewer", "sha256", "secret"))), "minetwin.yaml"));
        assertTrue(plain.getMessage().contains("sha256 must be 64 lower-case hex digits"), plain.getMessage());

        var typo = assertThrows(IllegalArgumentException.class, () -> ApiSettings.from(Map.of("prot", 1), "m.yaml"));
        assertTrue(typo.getMessage().contains("http.prot is not a setting"), typo.getMessage());
    }

    @Test
    void twoTokensWithOneSecretAreRefused() {
        String h = AccessTokens.hash("same");
        var e = assertThrows(IllegalArgumentException.class, () -> new AccessTokens(List.of(
                new AccessTokens.Entry("a", Role.VIEWER, h), new AccessTokens.Entry("b", Role.ADMIN, h))));
        assertTrue(e.getMessage().contains("same secret"));
    }
}
