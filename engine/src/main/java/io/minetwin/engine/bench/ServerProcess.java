package io.minetwin.engine.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@link OpcuaBenchServer} in a {@link ChildJvm}. Its log goes to {@code server.log} in the work
 * directory; closing its standard input stops it, and it is killed if it does not stop in time.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final ChildJvm child;

    private ServerProcess(ChildJvm child) {
        this.child = child;
    }

    static ServerProcess start(Path work, int items) throws IOException, InterruptedException {
        return new ServerProcess(ChildJvm.start("the OPC UA bench server", OpcuaBenchServer.class, List.of(),
                List.of(Integer.toString(items)), work.resolve("server.log"), false, START_TIMEOUT));
    }

    String url() {
        return child.url();
    }

    /** The server process's CPU time so far, or -1 if the platform does not tell. */
    long cpuNanos() {
        return child.cpuNanos();
    }

    @Override
    public void close() throws InterruptedException {
        child.close();
    }

    @Override
    public String toString() {
        return "bench server " + child;
    }
}
