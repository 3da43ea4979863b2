package io.minetwin.engine.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One life of the engine under test: {@code minetwin run --config FILE} in a child JVM started with this
 * JVM's {@code java} and class path, its output in a log file (which outlives a SIGKILL). The API's address
 * is read from that log, and the suite talks to the engine only through the API, as a user would.
 */
final class EngineProcess implements AutoCloseable {

    private static final Pattern API = Pattern.compile("dashboard and API: (https?://\\S+?)/? \\(");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** System property with the engine JVM's options; else the environment's MINETWIN_JAVA_OPTS. */
    static final String JAVA_OPTS_PROPERTY = "minetwin.faults.engine-java-opts";

    private final Process process;
    private final Path log;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final long startedNanos = System.nanoTime();
    private String base;

    private EngineProcess(Process process, Path log, String token) {
        this.process = process;
        this.log = log;
        this.token = token;
    }

    /** Starts {@code run} on {@code config}; {@link #awaitApi} waits until it serves. */
    static EngineProcess start(FaultConfig config, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The JVM's defaults, as './minetwin run' has them, with MINETWIN_JAVA_OPTS as the launcher passes it (or
        // the system property, for tests that trade the engine's throughput for a faster start).
        var command = new java.util.ArrayList<String>(List.of(java.toString()));
        String opts = System.getProperty(JAVA_OPTS_PROPERTY, System.getenv("MINETWIN_JAVA_OPTS"));
        if (opts != null && !opts.isBlank()) {
            command.addAll(List.of(opts.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.minetwin.engine.cli.Main", "run",
                "--config", config.file().toString(), "--status-every", "1h"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new EngineProcess(p, log, config.token());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the log names the API's address; fails with the log's tail if the engine exits first. */
    void awaitApi(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (base == null) {
            Matcher m = API.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                base = m.group(1);
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine exited with " + process.exitValue() + " before serving its"
                        + " API; its log " + log + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the engine did not serve its API within " + timeout.toSeconds()
                        + " s; its log " + log + ":\n" + tail());
            }
            Thread.sleep(20);
        }
    }

    String baseUrl() {
        return base;
    }

    /** Seconds since this life started. */
    double ageSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** GET {@code path} as JSON; throws if the answer is not 200. */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(r.body());
    }

    /**
     * GET {@code path} and count the answer's bytes without parsing them (a client on another machine would
     * not spend this machine's CPU on them); throws if the answer is not 200.
     */
    long drain(String path) throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long n = 0;
        try (java.io.InputStream in = r.body()) {
            byte[] buf = new byte[64 << 10];
            for (int k; (k = in.read(buf)) >= 0; ) {
                n += k;
            }
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return n;
    }

    /** {@code /api/status}. */
    JsonNode status() throws IOException, InterruptedException {
        return get("/api/status");
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the engine (pid " + process.pid() + ") did not die after SIGKILL");
        }
    }

    /** SIGTERM: the engine's clean shutdown; returns its exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("the engine did not stop within " + timeout.toSeconds() + " s of SIGTERM;"
                    + " killed; its log " + log + ":\n" + tail());
        }
        return process.exitValue();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
