package io.minetwin.engine.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.model.AlertLevel;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationsConfigTest {

    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();
    static final Map<String, String> ENV = Map.of("HOOK_SECRET", "0123456789abcdef0123456789abcdef",
            "SMTP_PASSWORD", "mail-password");

    @TempDir
    Path dir;

    Path config(String notifications) throws IOException {
        Path f = dir.resolve("minetwin.yaml");
        Files.writeString(f, "data-dir: data\n"
                + "asset-types: " + CONFIG_DIR.resolve("asset-types") + "\n"
                + "fleet: " + CONFIG_DIR.resolve("fleets/demo.yaml") + "\n"
                + notifications);
        return f;
    }

    Optional<NotificationSettings> load(String notifications) throws IOException {
        return NotificationsConfig.load(EngineConfig.load(config(notifications)), ENV::get);
    }

    ConfigException refused(String notifications) throws IOException {
        Path f = config(notifications);
        EngineConfig c = EngineConfig.load(f);
        return assertThrows(ConfigException.class, () -> NotificationsConfig.load(c, ENV::get));
    }

    static final String CHANNELS = """
              channels:
                hook:
                  type: webhook
                  url: https://hooks.example/minetwin
                  secret-env: HOOK_SECRET
                mail:
                  type: email
                  host: smtp.example
                  user: minetwin@example.com
                  password-env: SMTP_PASSWORD
                  from: minetwin@example.com
                  to: planner@example.com
            """;

    @Test
    void readsEverySetting() throws IOException {
        NotificationSettings s = load("""
                notifications:
                  dashboard-url: https://minetwin.example:8443/
                  queue-capacity: 500
                  channels:
                    hook:
                      type: webhook
                      url: https://hooks.example/minetwin
                      secret-env: HOOK_SECRET
                      timeout: 3s
                      retry: {attempts: 3, backoff: {min: 500ms, max: 4s}}
                    mail:
                      type: email
                      host: smtp.example
                      port: 2525
                      starttls: optional
                      user: minetwin@example.com
                      password-env: SMTP_PASSWORD
                      from: minetwin@example.com
                      to: [planner@example.com, reliability@example.com]
                      timeout: 20s
                  rules:
                    - name: hoists
                      level: critical
                      asset-types: [electric-rope-shovel]
                      sites: "Baiyun*"
                      components: hoist-*
                      twins: ["baiyun:shovel-*"]
                      channels: [hook, mail]
                      digest: 10m
                    - channels: hook
                      digest: 0s
                """).orElseThrow();
        assertEquals(Optional.of(URI.create("https://minetwin.example:8443/")), s.dashboardUrl());
        assertEquals(500, s.queueCapacity());
        var hook = (ChannelSettings.Webhook) s.channels().get("hook");
        assertEquals(URI.create("https://hooks.example/minetwin"), hook.url());
        assertArrayEquals(ENV.get("HOOK_SECRET").getBytes(StandardCharsets.UTF_8), hook.secret());
        assertEquals(Duration.ofSeconds(3), hook.timeout());
        assertEquals(new Retry(3, Duration.ofMillis(500), Duration.ofSeconds(4)), hook.retry());
        var mail = (ChannelSettings.Email) s.channels().get("mail");
        assertEquals("smtp.example", mail.host());
        assertEquals(2525, mail.port());
        assertEquals(StartTls.OPTIONAL, mail.starttls());
        assertEquals(Optional.of("minetwin@example.com"), mail.user());
        assertEquals("mail-password", mail.password());
        assertEquals(List.of("planner@example.com", "reliability@example.com"), mail.to());
        Rule hoists = s.rules().get(0);
        assertEquals(new Rule("hoists", AlertLevel.CRITICAL, List.of("electric-rope-shovel"), List.of("Baiyun*"),
                List.of("baiyun:shovel-*"), List.of("hoist-*"), List.of("hook", "mail"), Duration.ofMinutes(10)),
                hoists);
        Rule second = s.rules().get(1);
        assertEquals("rule-2", second.name());
        assertEquals(AlertLevel.WARNING, second.level());
        assertEquals(Duration.ZERO, second.digest());
        assertEquals(Optional.of("https://minetwin.example:8443/#/twin/baiyun%3Ashovel-01"),
                s.machineLink("baiyun:shovel-01"));
    }

    @Test
    void defaultsAreStartTlsRequiredPort587AFiveMinuteDigestAndWarningAndAbove() throws IOException {
        NotificationSettings s = load("notifications:\n" + CHANNELS + """
                  rules:
                    - channels: [hook, mail]
                """).orElseThrow();
        var mail = (ChannelSettings.Email) s.channels().get("mail");
        assertEquals(StartTls.REQUIRED, mail.starttls());
        assertEquals(587, mail.port());
        assertEquals(Retry.DEFAULT, mail.retry());
        assertEquals(Duration.ofMinutes(5), s.rules().get(0).digest());
        assertEquals(AlertLevel.WARNING, s.rules().get(0).level());
        assertEquals(Optional.empty(), s.dashboardUrl());
    }

    @Test
    void noSectionOrDisabledIsNoNotifier() throws IOException {
        assertEquals(Optional.empty(), load(""));
        assertEquals(Optional.empty(), load("notifications:\n  enabled: false\n"));
    }

    @Test
    void unknownChannelNamesTheRuleKeyAndTheDeclaredChannels() throws IOException {
        ConfigException e = refused("notifications:\n" + CHANNELS + """
                  rules:
                    - channels: [hook, pager]
                """);
        assertEquals(1, e.problems().size(), e.getMessage());
        var p = e.problems().get(0);
        assertEquals("notifications.rules[0].channels[1]", p.keyPath());
        assertTrue(p.message().contains("unknown channel 'pager'") && p.message().contains("hook, mail"),
                p.message());
        assertTrue(p.line() > 0, "the problem has a line: " + p);
    }

    @Test
    void missingSecretEnvironmentVariableNamesTheVariableAndTheFix() throws IOException {
        ConfigException e = refused("""
                notifications:
                  channels:
                    hook:
                      type: webhook
                      url: https://hooks.example/minetwin
                      secret-env: NOT_SET_ANYWHERE
                  rules:
                    - channels: [hook]
                """);
        var p = e.problems().get(0);
        assertEquals("notifications.channels.hook.secret-env", p.keyPath());
        assertTrue(p.message().contains("NOT_SET_ANYWHERE is not set"), p.message());
        assertTrue(p.message().contains("openssl rand"), p.message());
    }

    @Test
    void aSecretEnvironmentVariableIsRequiredAndMustBeLongEnough() throws IOException {
        Map<String, String> env = Map.of("SHORT", "abc");
        Path f = config("""
                notifications:
                  channels:
                    hook: {type: webhook, url: "https://hooks.example/x", secret-env: SHORT}
                    other: {type: webhook, url: "https://hooks.example/y"}
                  rules:
                    - channels: [hook, other]
                """);
        EngineConfig c = EngineConfig.load(f);
        ConfigException e = assertThrows(ConfigException.class, () -> NotificationsConfig.load(c, env::get));
        assertEquals(List.of("notifications.channels.hook.secret-env", "notifications.channels.other.secret-env"),
                e.problems().stream().map(ConfigException.Problem::keyPath).toList());
        assertTrue(e.problems().get(0).message().contains("has 3 characters"), e.getMessage());
        assertTrue(e.problems().get(1).message().startsWith("missing"), e.getMessage());
    }

    @Test
    void badUrlsAreRefusedWithAnExample() throws IOException {
        ConfigException e = refused("""
                notifications:
                  dashboard-url: minetwin.example
                  channels:
                    a: {type: webhook, url: "ftp://hooks.example/x", secret-env: HOOK_SECRET}
                    b: {type: webhook, url: "https://hooks example/x", secret-env: HOOK_SECRET}
                    c: {type: webhook, url: "https://user:pw@hooks.example/x", secret-env: HOOK_SECRET}
                  rules:
                    - channels: [a, b, c]
                """);
        assertEquals(List.of("notifications.dashboard-url", "notifications.channels.a.url",
                        "notifications.channels.b.url", "notifications.channels.c.url"),
                e.problems().stream().map(ConfigException.Problem::keyPath).toList(), e.getMessage());
        assertTrue(e.problems().get(1).message().contains("'ftp://hooks.example/x' is not an http(s) URL; write e.g."
                + " https://"), e.getMessage());
        assertTrue(e.problems().get(2).message().contains("is not a URL"), e.getMessage());
        assertTrue(e.problems().get(3).message().contains("remove them"), e.getMessage());
    }

    @Test
    void badLevelNamesTheLevelsThatExist() throws IOException {
        ConfigException e = refused("notifications:\n" + CHANNELS + """
                  rules:
                    - {level: severe, channels: [hook]}
                    - {level: ok, channels: [hook]}
                """);
        assertEquals(List.of("notifications.rules[0].level", "notifications.rules[1].level"),
                e.problems().stream().map(ConfigException.Problem::keyPath).toList());
        assertTrue(e.problems().get(0).message().contains("'severe' is not an alert level; write watch, warning or"
                + " critical"), e.getMessage());
        assertTrue(e.problems().get(1).message().contains("'ok' is not an alert"), e.getMessage());
    }

    @Test
    void emailMistakesAreEachNamed() throws IOException {
        ConfigException e = refused("""
                notifications:
                  channels:
                    mail:
                      type: email
                      host: smtp.example:587
                      starttls: always
                      user: minetwin
                      from: not-an-address
                      to: [planner@example.com, "two words"]
                      tls: true
                    pager: {type: sms}
                  rules:
                    - {channels: [mail], digest: 5 minutes}
                """);
        assertEquals(List.of("notifications.channels.mail.tls", "notifications.channels.mail.host",
                        "notifications.channels.mail.starttls", "notifications.channels.mail.password-env",
                        "notifications.channels.mail.from", "notifications.channels.mail.to[1]",
                        "notifications.channels.pager.type", "notifications.rules[0].digest"),
                e.problems().stream().map(ConfigException.Problem::keyPath).toList(), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key; known keys: type, host, port, starttls"), e.getMessage());
        assertTrue(e.getMessage().contains("'always' is not one of required, optional"), e.getMessage());
        assertTrue(e.getMessage().contains("'sms' is not a channel type; write webhook or email"), e.getMessage());
    }

    @Test
    void theReadmeExampleIsAValidConfiguration() throws IOException {
        String readme = Files.readString(CONFIG_DIR.resolveSibling("README.md"));
        String section = readme.substring(readme.indexOf("## Notifications"));
        int start = section.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = section.substring(start, section.indexOf("```", start));
        Map<String, String> env = Map.of("MINETWIN_WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef",
                "MINETWIN_SMTP_PASSWORD", "pw");
        NotificationSettings s = NotificationsConfig.load(EngineConfig.load(config(yaml)), env::get).orElseThrow();
        assertEquals(List.of("control-room", "maintenance-mail"), List.copyOf(s.channels().keySet()));
        assertEquals(Duration.ofMinutes(5), s.rules().get(0).digest());
        assertEquals(List.of("electric-shovel"), s.rules().get(0).assetTypes());
        assertTrue(CONFIG_DIR.resolve("asset-types/electric-shovel.yaml").toFile().isFile(),
                "the example names an asset type of the demo");
    }

    @Test
    void theEngineConfigurationKeepsTheSectionForNotifications() throws IOException {
        EngineConfig c = EngineConfig.load(config("notifications:\n  enabled: false\n"));
        assertTrue(c.sections().containsKey("notifications"));
    }
}
