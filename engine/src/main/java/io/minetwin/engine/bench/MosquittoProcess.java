package io.minetwin.engine.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code mosquitto} broker in a child process for {@code bench sparkplug}: a free port of 127.0.0.1,
 * anonymous clients, no persistence and unbounded queues, so that the broker does not drop what the benchmark
 * publishes.
 */
final class MosquittoProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private MosquittoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The {@code mosquitto} executable, if installed. */
    static Optional<Path> executable() {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "mosquitto"))) {
                return Optional.of(Path.of(d, "mosquitto"));
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the broker with its configuration and log in {@code dir}.
     *
     * @throws IllegalStateException if mosquitto is not installed or does not start, saying what to do
     */
    static MosquittoProcess start(Path dir) throws IOException, InterruptedException {
        Path exe = executable().orElseThrow(() -> new IllegalStateException("mosquitto is not installed; bench"
                + " sparkplug runs a local MQTT broker: install it with 'apt-get install -y mosquitto'"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Path log = dir.resolve("mosquitto.log");
        Files.writeString(conf, String.join("\n", List.of("per_listener_settings false",
                "user " + System.getProperty("user.name"), "listener " + port + " 127.0.0.1", "allow_anonymous true",
                "persistence false", "max_queued_messages 0", "log_dest stdout", "log_type error", "log_type warning",
                "")));
        Process p = new ProcessBuilder(exe.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        var broker = new MosquittoProcess(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return broker;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        broker.close();
        throw new IllegalStateException("mosquitto did not start on port " + port + "; its log: "
                + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
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
