package io.minetwin.engine.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A helper process of a benchmark or the fault suite: a child JVM started with this JVM's {@code java} and
 * class path, which announces that it serves with one line {@code listening <url>} on its standard output and
 * stops when its standard input closes, so that it never outlives its parent. The child's side of that
 * protocol is {@link #announceAndAwaitEnd}.
 */
public final class ChildJvm implements AutoCloseable {

    /** The start of the line by which a child says that it serves; the rest of the line is its address. */
    public static final String READY = "listening ";

    private final Process process;
    private final String url;
    private final Path log;

    private ChildJvm(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts {@code main} with {@code jvmOptions} and {@code args}, its standard error to {@code log}
     * (appended to when {@code appendLog}), and waits up to {@code timeout} for its ready line.
     *
     * @param what how an error names the child ("the OPC UA bench server")
     * @throws IllegalStateException if it did not announce itself in time, with the end of its log
     */
    public static ChildJvm start(String what, Class<?> main, List<String> jvmOptions, List<String> args, Path log,
                                 boolean appendLog, Duration timeout) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        var stderr = appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile());
        Process p = new ProcessBuilder(command).redirectError(stderr).start();
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith(READY)) {
                        return line.substring(READY.length()).trim();
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String url;
        try {
            url = ready.get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            url = null;
        }
        if (url == null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(what + " did not start within " + timeout.toSeconds() + " s (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + "); its log: " + log + "\n" + tail(log));
        }
        return new ChildJvm(p, url, log);
    }

    /**
     * The child's side: prints the ready line for {@code url}, then blocks until standard input ends (the
     * parent closed it or is gone).
     */
    public static void announceAndAwaitEnd(String url) {
        System.out.println(READY + url);
        System.out.flush();
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // nothing is expected; end of input is the signal to stop
            }
        } catch (IOException ignored) {
            // the parent is gone
        }
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** The address the child announced. */
    public String url() {
        return url;
    }

    /** The child's CPU time so far, or -1 if the platform does not tell. */
    public long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** SIGKILL, as a machine losing power. */
    public void kill() throws InterruptedException {
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

    /** Closes the child's standard input and waits for it to stop; kills it if it does not stop in time. */
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
        return url + " (pid " + process.pid() + ", log " + log + ")";
    }
}
