package io.minetwin.engine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.TwinFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications against real peers: a webhook receiver on the JDK's HTTP server that checks signatures as a site
 * would, and an SMTP server (SubEthaSMTP) that requires STARTTLS and a login. Alerts enter as the scorer writes
 * them: appended to the event log through {@link Notifier#tap}.
 */
class NotificationDeliveryIT {

    static final String SECRET = "a-webhook-secret-of-32-characters";
    static final TwinId SHOVEL = TwinFixtures.SHOVEL;
    static final TwinId INVERTER = TwinFixtures.HOIST_INVERTER;
    static final Instant T0 = TwinFixtures.T0;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static AlertEvent alert(TwinId twin, String component, Instant at, AlertLevel before, AlertLevel after) {
        return AlertEvent.levelChanged(at, twin, component, at, before, after, TwinFixtures.health(at, 40, after));
    }

    static ChannelSettings.Webhook webhook(URI url, Retry retry, Duration timeout) {
        return new ChannelSettings.Webhook("hook", url, SECRET.getBytes(StandardCharsets.UTF_8), "HOOK_SECRET",
                timeout, retry, Optional.empty());
    }

    static ChannelSettings.Email email(SmtpReceiver smtp) {
        return new ChannelSettings.Email("mail", "127.0.0.1", smtp.port(), StartTls.REQUIRED,
                Optional.of(SmtpReceiver.USER), SmtpReceiver.PASSWORD, "SMTP_PASSWORD", "minetwin@example.com",
                List.of("planner@example.com"), Duration.ofSeconds(20), Retry.DEFAULT,
                Optional.of(smtp.certificate()));
    }

    static NotificationSettings settings(Rule rule, int capacity, ChannelSettings... channels) {
        Map<String, ChannelSettings> m = new LinkedHashMap<>();
        for (ChannelSettings c : channels) {
            m.put(c.name(), c);
        }
        return new NotificationSettings(List.of(rule), m, capacity,
                Optional.of(URI.create("https://minetwin.example:8443/")));
    }

    static void waitFor(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        waitFor(what, within, condition, () -> "");
    }

    static void waitFor(String what, Duration within, BooleanSupplier condition,
                        java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what + "; " + state.get());
            }
            Thread.sleep(20);
        }
    }

    static List<Event> notificationEvents(Store store) {
        return store.events().query(Optional.empty(), Instant.EPOCH, Instant.now().plusSeconds(60)).stream()
                .filter(e -> e.kind() == EventKind.NOTIFICATION).toList();
    }

    @Test
    void aRaisedAlertReachesTheWebhookSignedAndTheMailboxOverStartTlsAndAStormIsOneDigestPerChannel()
            throws Exception {
        try (var hook = new WebhookReceiver(SECRET, n -> 200);
             var smtp = new SmtpReceiver(dir.resolve("smtp-cert"));
             Store store = Store.inMemory(StoreOptions.defaults())) {
            Rule rule = new Rule("shovels", AlertLevel.WARNING, List.of("electric-shovel"), List.of("baiyun*"),
                    List.of(), List.of(), List.of("hook", "mail"), Duration.ofMinutes(5));
            NotificationSettings s = settings(rule, 10_000,
                    webhook(hook.url(), Retry.DEFAULT, Duration.ofSeconds(10)), email(smtp));
            var clock = new TwinFixtures.ManualClock(T0);
            try (Notifier notifier = Notifier.start(s, TwinFixtures.fleet(), Optional.of(store.events()), clock)) {
                EventLog log = notifier.tap(store.events());
                log.append(List.of(alert(SHOVEL, "hoist-motor", T0, AlertLevel.OK, AlertLevel.WARNING).toEvent()));
                waitFor("the raised alert delivered to both channels at once", Duration.ofSeconds(60),
                        () -> hook.requests().size() == 1 && smtp.mails().size() == 1 && notifier.idle(),
                        () -> hook.requests().size() + " webhook requests, " + smtp.mails().size() + " mails, "
                                + notifier.status());

                String[] components = {"hoist-motor", "hoist-brake", "machine"};
                for (int i = 0; i < 500; i++) {
                    Instant at = T0.plusMillis(100 + i);
                    String c = components[i % 3];
                    log.append(List.of(alert(SHOVEL, c, at, AlertLevel.WARNING, AlertLevel.CRITICAL).toEvent(),
                            // none of these match the rule: another asset type, a level below, a clearing
                            alert(INVERTER, "igbt", at, AlertLevel.OK, AlertLevel.CRITICAL).toEvent(),
                            alert(SHOVEL, c, at, AlertLevel.OK, AlertLevel.WATCH).toEvent(),
                            alert(SHOVEL, c, at, AlertLevel.CRITICAL, AlertLevel.OK).toEvent()));
                }
                waitFor("the storm collected in the digest window", Duration.ofSeconds(60),
                        () -> notifier.status().collected() == 500 && notifier.status().queued() == 0,
                        () -> String.valueOf(notifier.status()));
                assertEquals(1, hook.requests().size(), "nothing is sent while the window is open");
                assertEquals(1, smtp.mails().size(), "nothing is sent while the window is open");

                clock.advance(Duration.ofMinutes(5));
                waitFor("the digest delivered to both channels at the window's end", Duration.ofSeconds(60),
                        () -> hook.requests().size() >= 2 && smtp.mails().size() >= 2 && notifier.idle(),
                        () -> hook.requests().size() + " webhook requests, " + smtp.mails().size() + " mails, "
                                + notifier.status());

                var requests = hook.requests();
                assertEquals(2, requests.size(), "the alert and one digest, nothing else");
                assertTrue(requests.stream().allMatch(WebhookReceiver.Request::signatureValid));
                JsonNode first = JSON.readTree(requests.get(0).body());
                assertEquals("alert", first.get("type").asText());
                assertEquals("baiyun:shovel-01", first.get("twin").asText());
                assertEquals("hoist-motor", first.get("component").asText());
                assertEquals("warning", first.get("level").asText());
                assertEquals("raised", first.get("action").asText());
                assertEquals(0.25, first.get("probability").get("7d").asDouble(), 1e-9);
                assertEquals(0.05, first.get("probability").get("72h").asDouble(), 1e-9);
                assertEquals(400, first.get("rulHours").asDouble(), 1e-9);
                assertEquals(T0.toString(), first.get("alertTime").asText());
                assertEquals("https://minetwin.example:8443/#/twin/baiyun%3Ashovel-01", first.get("link").asText());
                assertEquals(first.get("id").asText(), requests.get(0).delivery());
                JsonNode digest = JSON.readTree(requests.get(1).body());
                assertEquals("digest", digest.get("type").asText());
                assertEquals(500, digest.get("count").asInt());
                assertEquals(500, digest.get("alerts").size());
                for (JsonNode a : digest.get("alerts")) {
                    assertEquals("critical", a.get("level").asText());
                    assertEquals("baiyun:shovel-01", a.get("twin").asText());
                }

                var mails = smtp.mails();
                assertEquals(2, mails.size(), "the alert and one digest, nothing else");
                for (var m : mails) {
                    assertTrue(m.tls(), "sent after STARTTLS");
                    assertTrue(m.authenticated(), "sent after logging in");
                    assertEquals("planner@example.com", m.to());
                }
                assertEquals("[minetwin] WARNING: baiyun:shovel-01 hoist-motor", mails.get(0).message().getSubject());
                String text = mails.get(0).message().getContent().toString();
                assertTrue(text.contains("P(failure within 7d) 25%") && text.contains("remaining life 400 h")
                        && text.contains("https://minetwin.example:8443/#/twin/baiyun%3Ashovel-01"), text);
                assertEquals("[minetwin] 500 more alerts (shovels)", mails.get(1).message().getSubject());
                assertTrue(mails.get(1).message().getContent().toString().contains("... and 400 more"));

                List<Event> events = notificationEvents(store);
                assertEquals(4, events.size(), "one delivery event per message and channel: " + events);
                for (Event e : events) {
                    assertEquals(SHOVEL, e.twin());
                    assertEquals("delivered", e.details().get("status"));
                    assertEquals("1", e.details().get("attempt"));
                }
                assertEquals(List.of("HTTP 200"), events.stream().filter(e -> e.details().get("channel").equals("hook"))
                        .map(e -> e.details().get("result")).distinct().toList());
                assertEquals(List.of("1", "500"), events.stream()
                        .filter(e -> e.details().get("channel").equals("mail")).map(e -> e.details().get("alerts"))
                        .sorted().toList());
                var status = notifier.status();
                assertEquals(501, status.matched());
                assertEquals(0, status.dropped());
            }
        }
    }

    @Test
    void aStormLongerThanTheWindowIsOneDigestPerWindowAndAQuietWindowCloses() throws Exception {
        try (var hook = new WebhookReceiver(SECRET, n -> 200)) {
            Rule rule = new Rule("all", AlertLevel.WATCH, List.of(), List.of(), List.of(), List.of(), List.of("hook"),
                    Duration.ofMinutes(5));
            var clock = new TwinFixtures.ManualClock(T0);
            try (Notifier notifier = Notifier.start(settings(rule, 100, webhook(hook.url(), Retry.DEFAULT,
                    Duration.ofSeconds(10))), TwinFixtures.fleet(), Optional.empty(), clock)) {
                java.util.function.Consumer<String> raise = component -> notifier.accept(
                        alert(SHOVEL, component, clock.instant(), AlertLevel.OK, AlertLevel.WARNING));
                java.util.function.IntConsumer expect = n -> {
                    try {
                        waitFor(n + " requests", Duration.ofSeconds(30),
                                () -> hook.requests().size() >= n && notifier.idle(),
                                () -> hook.requests().size() + " requests, " + notifier.status());
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                };
                raise.accept("hoist-motor");          // sent at once, opens window 1
                expect.accept(1);
                raise.accept("hoist-brake");          // collected in window 1
                waitFor("collected", Duration.ofSeconds(30), () -> notifier.status().collected() == 1);
                clock.advance(Duration.ofMinutes(5)); // window 1 ends: a digest of 1, window 2 opens
                expect.accept(2);
                raise.accept("machine");              // still a storm: collected in window 2
                waitFor("collected", Duration.ofSeconds(30), () -> notifier.status().collected() == 1);
                clock.advance(Duration.ofMinutes(5)); // window 2 ends: a digest of 1, window 3 opens
                expect.accept(3);
                clock.advance(Duration.ofMinutes(5)); // window 3 collected nothing: it closes
                notifier.accept(alert(SHOVEL, "hoist-motor", clock.instant(), AlertLevel.WARNING,
                        AlertLevel.CRITICAL));
                expect.accept(4);                     // so the next alert is sent at once again
                List<String> types = new ArrayList<>();
                List<Integer> counts = new ArrayList<>();
                for (var r : hook.requests()) {
                    JsonNode body = JSON.readTree(r.body());
                    types.add(body.get("type").asText());
                    counts.add(body.get("alerts").size());
                }
                assertEquals(List.of("alert", "digest", "digest", "alert"), types);
                assertEquals(List.of(1, 1, 1, 1), counts);
                assertEquals(List.of("hoist-motor", "hoist-brake", "machine", "hoist-motor"), hook.requests().stream()
                        .map(r -> {
                            try {
                                return JSON.readTree(r.body()).get("alerts").get(0).get("component").asText();
                            } catch (IOException e) {
                                throw new AssertionError(e);
                            }
                        }).toList());
            }
        }
    }

    @Test
    void aReceiverAnswering500TwiceGetsTheSameNotificationAgainAfterGrowingWaitsAndEachAttemptIsRecorded()
            throws Exception {
        try (var hook = new WebhookReceiver(SECRET, n -> n <= 2 ? 500 : 200);
             Store store = Store.inMemory(StoreOptions.defaults())) {
            Rule rule = new Rule("all", AlertLevel.WATCH, List.of(), List.of(), List.of(), List.of(), List.of("hook"),
                    Duration.ZERO);
            Retry retry = new Retry(5, Duration.ofMillis(200), Duration.ofSeconds(5));
            try (Notifier notifier = Notifier.start(settings(rule, 100, webhook(hook.url(), retry,
                    Duration.ofSeconds(10))), TwinFixtures.fleet(), Optional.of(store.events()), Clock.systemUTC())) {
                notifier.tap(store.events()).append(List.of(
                        alert(SHOVEL, "hoist-motor", T0, AlertLevel.OK, AlertLevel.WARNING).toEvent()));
                waitFor("delivered at the third attempt", Duration.ofSeconds(30),
                        () -> hook.requests().size() >= 3 && notifier.idle());

                var r = hook.requests();
                assertEquals(3, r.size());
                assertEquals(List.of(1, 2, 3), r.stream().map(WebhookReceiver.Request::attempt).toList());
                assertEquals(1, r.stream().map(WebhookReceiver.Request::delivery).distinct().count(),
                        "every attempt carries the same delivery id");
                assertTrue(r.stream().allMatch(WebhookReceiver.Request::signatureValid));
                assertTrue(r.get(1).nanoTime() - r.get(0).nanoTime() >= Duration.ofMillis(200).toNanos(),
                        "waited the first backoff");
                assertTrue(r.get(2).nanoTime() - r.get(1).nanoTime() >= Duration.ofMillis(400).toNanos(),
                        "waited twice as long after the second failure");

                List<Event> events = notificationEvents(store);
                assertEquals(List.of("1 retrying HTTP 500", "2 retrying HTTP 500", "3 delivered HTTP 200"),
                        events.stream().map(e -> e.details().get("attempt") + " " + e.details().get("status") + " "
                                + e.details().get("result")).sorted().toList());
                assertTrue(events.stream().allMatch(e -> "hoist-motor".equals(e.component())
                        && e.details().get("alert").equals(AlertEvent.id(SHOVEL, "hoist-motor", T0))));
                var channel = notifier.status().channels().get(0);
                assertEquals(1, channel.delivered());
                assertEquals(2, channel.retries());
                assertEquals(0, channel.failed());
            }
        }
    }

    @Test
    void aReceiverThatNeverAnswersNeitherBlocksTheEngineNorHoldsMoreThanTheQueueAndOverflowIsCounted()
            throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket dead = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Store store = Store.inMemory(StoreOptions.defaults())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(dead.accept());   // accepted, never read, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Rule rule = new Rule("all", AlertLevel.WATCH, List.of(), List.of(), List.of(), List.of(), List.of("hook"),
                    Duration.ZERO);
            URI url = URI.create("http://127.0.0.1:" + dead.getLocalPort() + "/hook");
            Notifier notifier = Notifier.start(settings(rule, 5, webhook(url, Retry.DEFAULT, Duration.ofSeconds(60))),
                    TwinFixtures.fleet(), Optional.of(store.events()), Clock.systemUTC());
            try {
                EventLog log = notifier.tap(store.events());
                List<Event> stored = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Event e = alert(SHOVEL, "hoist-motor", T0.plusSeconds(i), AlertLevel.OK, AlertLevel.WARNING)
                            .toEvent();
                    log.append(List.of(e));
                    stored.add(e);
                }
                // every append returned (and stored its alert) while the receiver has answered nothing
                assertEquals(200, store.events().query(Optional.of(SHOVEL), Instant.EPOCH, Instant.now()).stream()
                        .filter(e -> e.kind() == EventKind.ALERT).count());
                waitFor("every alert matched or dropped", Duration.ofSeconds(30), () -> {
                    var st = notifier.status();
                    return st.matched() + st.dropped() == 200;
                });
                waitFor("the receiver holds a connection", Duration.ofSeconds(30), () -> !held.isEmpty());
                var st = notifier.status();
                var channel = st.channels().get(0);
                assertEquals(0, channel.delivered());
                assertTrue(channel.busy(), "the worker waits on the dead receiver");
                assertEquals(5, channel.queued(), "no more than the queue holds");
                assertEquals(200, st.dropped() + channel.dropped() + channel.queued() + 1,
                        "every alert is sent, queued or counted as dropped");
                assertTrue(st.dropped() + channel.dropped() > 0);
                assertFalse(notifier.idle());
            } finally {
                notifier.close();
            }
            var channel = notifier.status().channels().get(0);
            assertEquals(200 - notifier.status().dropped(), channel.dropped() + channel.failed(),
                    "what was not sent by shutdown is counted");
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            });
        }
    }
}
