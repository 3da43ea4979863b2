package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.engine.notify.SmtpReceiver;
import io.minetwin.engine.notify.WebhookReceiver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code minetwin notify test} against a webhook receiver and SMTP servers on this machine. */
class NotifyCommandIT {

    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();
    static final String SECRET = "a-webhook-secret-of-32-characters";

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

    static String channels(String url, int smtpPort, Path cert, String user) {
        return """
                notifications:
                  channels:
                    hook:
                      type: webhook
                      url: %s
                      secret-env: HOOK_SECRET
                      timeout: 5s
                    mail:
                      type: email
                      host: 127.0.0.1
                      port: %d
                      user: %s
                      password-env: SMTP_PASSWORD
                      from: minetwin@example.com
                      to: planner@example.com
                      timeout: 10s
                      trusted-certificates: %s
                  rules:
                    - channels: [hook, mail]
                """.formatted(url, smtpPort, user, cert);
    }

    static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = new CommandLine(new NotifyCommand.Test(env::get));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static final Map<String, String> ENV = Map.of("HOOK_SECRET", SECRET, "SMTP_PASSWORD", SmtpReceiver.PASSWORD);

    @Test
    void sendsASignedTestMessageToEachChannelAndSaysOk() throws Exception {
        try (var hook = new WebhookReceiver(SECRET, n -> 204); var smtp = new SmtpReceiver(dir.resolve("cert"))) {
            Path f = config(channels(hook.url().toString(), smtp.port(), smtp.certificate(), SmtpReceiver.USER));
            CliRun r = run(ENV, "--config", f.toString());
            assertEquals(0, r.exitCode(), r.out() + r.err());
            assertTrue(r.out().contains("OK     webhook hook: HTTP 204"), r.out());
            assertTrue(r.out().contains("OK     email mail: sent to 127.0.0.1:" + smtp.port()), r.out());
            assertTrue(r.out().contains("2 channels work"), r.out());
            assertEquals(1, hook.requests().size());
            assertTrue(hook.requests().get(0).signatureValid());
            assertEquals("test", new ObjectMapper().readTree(hook.requests().get(0).body()).get("type").asText());
            assertEquals(1, smtp.mails().size());
            assertTrue(smtp.mails().get(0).tls());
            assertEquals("[minetwin] test notification", smtp.mails().get(0).message().getSubject());
        }
    }

    @Test
    void saysExactlyWhyEachChannelFailedAndExits1() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        try (var plain = new SmtpReceiver(dir.resolve("cert"), false)) {
            Path f = config(channels("http://127.0.0.1:" + closed + "/hook", plain.port(), plain.certificate(),
                    SmtpReceiver.USER));
            CliRun r = run(ENV, "--config", f.toString());
            assertEquals(1, r.exitCode(), r.out() + r.err());
            assertTrue(r.out().contains("FAILED webhook hook: connection refused by 127.0.0.1:" + closed), r.out());
            assertTrue(r.out().contains("FAILED email mail: 127.0.0.1:" + plain.port()) && r.out().contains("STARTTLS"),
                    r.out());
            assertTrue(r.out().contains("2 of 2 channels failed"), r.out());
            assertEquals(0, plain.mails().size(), "nothing is sent in clear text when STARTTLS is required");
        }
        try (var hook = new WebhookReceiver("another-secret-of-the-receiver!!", n -> 200);
             var smtp = new SmtpReceiver(dir.resolve("cert2"))) {
            Path f = config(channels(hook.url().toString(), smtp.port(), smtp.certificate(), "someone@example.com"));
            CliRun r = run(ENV, "--config", f.toString());
            assertEquals(1, r.exitCode(), r.out() + r.err());
            assertTrue(r.out().contains("FAILED webhook hook: HTTP 401: the receiver refused the request; check that it"
                    + " verifies with the same secret"), r.out());
            assertTrue(r.out().contains("FAILED email mail: SMTP login as 'someone@example.com' refused by 127.0.0.1")
                    && r.out().contains("$SMTP_PASSWORD"), r.out());
        }
    }

    @Test
    void aBadConfigurationExits2NamingTheKey() throws Exception {
        Path f = config("""
                notifications:
                  channels:
                    hook: {type: webhook, url: "https://hooks.example/x", secret-env: HOOK_SECRET}
                  rules:
                    - channels: [hook, pager]
                """);
        CliRun r = run(ENV, "--config", f.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("notifications.rules[0].channels[1]: unknown channel 'pager'; declared channels:"
                + " hook"), r.err());
        CliRun viaMain = CliRun.of("notify", "test", "--config", f.toString());
        assertEquals(2, viaMain.exitCode(), viaMain.out() + viaMain.err());
        assertTrue(viaMain.err().contains("notifications.rules[0].channels[1]"), viaMain.err());
        Path none = config("");
        CliRun noSection = CliRun.of("notify", "test", "--config", none.toString());
        assertEquals(2, noSection.exitCode());
        assertTrue(noSection.err().contains("has no 'notifications' section"), noSection.err());
    }
}
