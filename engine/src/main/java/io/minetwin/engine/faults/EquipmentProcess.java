package io.minetwin.engine.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * The {@link FaultServer} of one case as a child JVM, on a fixed port and history file so that a restarted
 * server is the same equipment: same address, same history. Closing its standard input stops it; {@link #kill}
 * is SIGKILL.
 */
final class EquipmentProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final String url;

    private EquipmentProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static EquipmentProcess start(FaultLayout layout, int port, Path history, Path log)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var command = List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), FaultServer.class.getName(), Integer.toString(port),
                history.toString(), Integer.toString(layout.twins()), Integer.toString(layout.channels()),
                Integer.toString(layout.tickMs()), Long.toString(layout.t0()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith(FaultServer.READY)) {
                        return line.substring(FaultServer.READY.length()).trim();
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
            throw new IllegalStateException("the fault suite's OPC UA server did not start within "
                    + START_TIMEOUT.toSeconds() + " s; its log " + log + ":\n" + tail(log));
        }
        return new EquipmentProcess(p, url);
    }

    String url() {
        return url;
    }

    /** SIGKILL, as equipment losing power. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
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
}
