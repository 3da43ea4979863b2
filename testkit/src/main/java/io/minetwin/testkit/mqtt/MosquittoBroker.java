package io.minetwin.testkit.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code mosquitto} broker in a child process, on a free port of 127.0.0.1, with a configuration file
 * written into a folder the test owns. Tests check {@link #executable()} first and skip when it is absent
 * ({@code apt-get install -y mosquitto}). {@link #kill()} ends it abruptly (SIGKILL), as a crash would;
 * {@link #close()} ends it and waits.
 */
public final class MosquittoBroker implements AutoCloseable {

    /**
     * How to run the broker.
     *
     * @param users     user name and password pairs; when given, anonymous clients are refused
     * @param tls       PEM files of the TLS listener; empty for plain TCP
     */
    public record Options(List<String[]> users, Optional<Tls> tls) {
        public static final Options PLAIN = new Options(List.of(), Optional.empty());

        public Options {
            users = List.copyOf(users);
            Objects.requireNonNull(tls, "tls");
        }
    }

    /** The broker's certificate chain and key, and the CA, as PEM files. */
    public record Tls(Path caFile, Path certFile, Path keyFile) {
    }

    private Process process;
    private final int port;
    private final Path conf;
    private final Path log;
    private final boolean tls;

    private MosquittoBroker(Process process, int port, Path conf, Path log, boolean tls) {
        this.process = process;
        this.port = port;
        this.conf = conf;
        this.log = log;
        this.tls = tls;
    }

    /** The {@code mosquitto} executable, if installed (on the PATH or in /usr/sbin). */
    public static Optional<Path> executable() {
        var dirs = new ArrayList<String>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin");
        dirs.add("/usr/local/sbin");
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, "mosquitto");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Why tests skip when the broker is absent. */
    public static final String MISSING = "mosquitto is not installed (apt-get install -y mosquitto); skipping the"
            + " tests against a real MQTT broker";

    /**
     * Starts a broker with {@code options}, its files in {@code dir}, and waits until it accepts connections.
     *
     * @throws IllegalStateException if mosquitto is absent or does not start (its log is in the message)
     */
    public static MosquittoBroker start(Path dir, Options options) throws IOException, InterruptedException {
        Path exe = executable().orElseThrow(() -> new IllegalStateException(MISSING));
        Files.createDirectories(dir);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            var conf = new StringBuilder();
            conf.append("per_listener_settings false\n");
            // Run as whoever runs the test, so the broker reads the files in the test's own folder.
            conf.append("user ").append(System.getProperty("user.name")).append('\n');
            conf.append("listener ").append(port).append(" 127.0.0.1\n");
            conf.append("persistence false\n");
            conf.append("log_dest stdout\n");
            conf.append("log_type error\nlog_type warning\nlog_type notice\n");
            conf.append("max_queued_messages 0\n");
            conf.append("max_inflight_messages 0\n");
            if (options.users().isEmpty()) {
                conf.append("allow_anonymous true\n");
            } else {
                Path passwords = dir.resolve("passwords");
                Files.writeString(passwords, "");
                for (String[] u : options.users()) {
                    run(List.of("mosquitto_passwd", "-b", passwords.toString(), u[0], u[1]));
                }
                conf.append("allow_anonymous false\n");
                conf.append("password_file ").append(passwords).append('\n');
            }
            if (options.tls().isPresent()) {
                Tls t = options.tls().get();
                conf.append("cafile ").append(t.caFile()).append('\n');
                conf.append("certfile ").append(t.certFile()).append('\n');
                conf.append("keyfile ").append(t.keyFile()).append('\n');
            }
            Path confFile = dir.resolve("mosquitto-" + port + ".conf");
            Files.writeString(confFile, conf.toString(), StandardCharsets.UTF_8);
            Path log = dir.resolve("mosquitto-" + port + ".log");
            Process p = new ProcessBuilder(exe.toString(), "-c", confFile.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            var broker = new MosquittoBroker(p, port, confFile, log, options.tls().isPresent());
            if (broker.awaitListening()) {
                return broker;
            }
            broker.close();
            last = new IllegalStateException("mosquitto did not start on port " + port + "; its log: "
                    + (Files.exists(log) ? Files.readString(log) : "(none)"));
        }
        throw last;
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /**
     * Starts the broker again, on the same port with the same configuration, after {@link #kill()}.
     *
     * @throws IllegalStateException if it does not come up (its log is in the message)
     */
    public void restart() throws IOException, InterruptedException {
        Path exe = executable().orElseThrow(() -> new IllegalStateException(MISSING));
        process = new ProcessBuilder(exe.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!awaitListening()) {
            close();
            throw new IllegalStateException("mosquitto did not restart on port " + port + "; its log: " + log());
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 1)) + " failed: " + out);
        }
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}, or {@code ssl://localhost:PORT} with TLS (the name the test certificate has). */
    public String url() {
        return tls ? "ssl://localhost:" + port : "tcp://127.0.0.1:" + port;
    }

    /** What the broker logged so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Ends the broker at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
