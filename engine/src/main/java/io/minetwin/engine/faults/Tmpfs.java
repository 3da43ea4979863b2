package io.minetwin.engine.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs the fault suite mounts for its disk-full case, so that "disk full" is the kernel's
 * ENOSPC. Needs root and {@code mount}; {@link #mount} says why not otherwise. (The tests' helper of the same
 * kind lives in the test-only testkit, which the runnable cannot use.)
 */
final class Tmpfs implements AutoCloseable {

    private final Path dir;
    private final Path filler;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler.bin");
    }

    /** Why a tmpfs cannot be mounted here, or empty if it can be tried. */
    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("mounting a small tmpfs needs root (running as " + System.getProperty("user.name") + ")");
        }
        return Optional.empty();
    }

    static Tmpfs mount(Path dir, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int rc = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        if (rc != 0) {
            throw new IOException("'mount -t tmpfs' failed with exit code " + rc + " (no mount privilege here?)");
        }
        return new Tmpfs(dir);
    }

    Path dir() {
        return dir;
    }

    /** Writes a filler file until the filesystem is full. */
    void fill() throws IOException {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("space")) {
                throw full;
            }
        }
    }

    /** Deletes the filler file. */
    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException {
        try {
            if (run("umount", dir.toString()) != 0 && run("umount", "-l", dir.toString()) != 0) {
                throw new IOException("could not unmount the fault suite's tmpfs at " + dir + "; unmount it by hand");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + dir + "; unmount it by hand", e);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
