package io.minetwin.engine.faults;

import io.minetwin.engine.bench.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@link FaultServer} of one case as a {@link ChildJvm}, on a fixed port and history file so that a restarted
 * server is the same equipment: same address, same history. Closing its standard input stops it; {@link #kill}
 * is SIGKILL.
 */
final class EquipmentProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ChildJvm child;

    private EquipmentProcess(ChildJvm child) {
        this.child = child;
    }

    static int freePort() throws IOException {
        return ChildJvm.freePort();
    }

    static EquipmentProcess start(FaultLayout layout, int port, Path history, Path log)
            throws IOException, InterruptedException {
        var args = List.of(Integer.toString(port), history.toString(), Integer.toString(layout.twins()),
                Integer.toString(layout.channels()), Integer.toString(layout.tickMs()), Long.toString(layout.t0()));
        return new EquipmentProcess(ChildJvm.start("the fault suite's OPC UA server", FaultServer.class,
                List.of("-Xmx256m", "-XX:+UseSerialGC"), args, log, true, START_TIMEOUT));
    }

    String url() {
        return child.url();
    }

    /** SIGKILL, as equipment losing power. */
    void kill() throws InterruptedException {
        child.kill();
    }

    @Override
    public void close() throws InterruptedException {
        child.close();
    }
}
