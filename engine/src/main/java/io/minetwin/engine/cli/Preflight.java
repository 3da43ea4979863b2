package io.minetwin.engine.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a command makes before it does any work, so that a machine missing something fails in one line that
 * says what is missing and how to fix it, instead of minutes later in the middle of a start: free ports and
 * free disk space. (The launcher checks the Java version before the JVM starts.)
 */
final class Preflight {

    private final List<String> problems = new ArrayList<>();

    /** Fails unless {@code port} on {@code host} can be bound now; 0 (any free port) always passes. */
    Preflight port(String host, int port, String option, String what) {
        if (port == 0) {
            return this;
        }
        if (port < 0 || port > 65_535) {
            problems.add(option + " " + port + ": give a port from 1 to 65535, or 0 for any free port");
            return this;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            problems.add(String.format(Locale.ROOT, "port %d (%s, for %s) is in use on %s: stop the program using it"
                    + " (e.g. 'ss -ltnp | grep :%d') or choose another with %s PORT (0 for any free port)",
                    port, option, what, host, port, option));
        }
        return this;
    }

    /** Fails unless the file system holding {@code dir} (or its nearest existing parent) has {@code bytes} free. */
    Preflight freeSpace(Path dir, long bytes, String what) {
        Path probe = dir.toAbsolutePath();
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        if (probe == null) {
            return this;
        }
        try {
            long free = Files.getFileStore(probe).getUsableSpace();
            if (free < bytes) {
                problems.add(String.format(Locale.ROOT, "%s needs about %s free for %s, but %s has %s: free some space"
                        + " or choose another data directory with --data DIR", dir, size(bytes), what, probe, size(free)));
            }
        } catch (IOException e) {
            problems.add("cannot read the free space of " + probe + ": " + e.getMessage());
        }
        return this;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Throws one {@link CliException} listing every problem found (exit code 2), or returns. */
    void orFail(String command) {
        if (!problems.isEmpty()) {
            throw new CliException(command + " cannot start: " + String.join("; ", problems), 2);
        }
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }
}
