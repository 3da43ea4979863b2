package io.minetwin.engine.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link OpcuaBenchServer} in a child JVM started with this JVM's {@code java} and class path. Its
 * log goes to {@code server.log} in the work directory; closing its standard input stops it, and it is
 * killed if it does not stop in time.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final String url;
    private final Path log;

    private ServerProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static ServerProcess start(Path work, int items) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = work.resolve("server.log");
        var command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                OpcuaBenchServer.class.getName(), Integer.toString(items));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith(OpcuaBenchServer.READY)) {
                        return line.substring(OpcuaBenchServer.READY.length()).trim();
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String url;
        try {
            url = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            url = null;
        }
        if (url == null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the OPC UA bench server did not start within " + START_TIMEOUT.toSeconds()
                    + " s (exit " + (p.isAlive() ? "none" : p.exitValue()) + "); its log: " + log + "\n" + tail(log));
        }
        return new ServerProcess(p, url, log);
    }

    String url() {
        return url;
    }

    /** The server process's CPU time so far, or -1 if the platform does not tell. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "bench server " + url + " (pid " + process.pid() + ", log " + log + ")";
    }
}
