package io.minetwin.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted for one test, so that "disk full" is a real ENOSPC from the kernel.
 *
 * <p>Mounting needs root and a working {@code mount}; without them {@link #mount} throws
 * {@link Unavailable} with the reason, and the test should skip itself with it (JUnit's
 * {@code Assumptions.assumeTrue(false, reason)}). Close it to unmount.
 */
public final class SmallFilesystem implements AutoCloseable {

    /** Why no small filesystem could be mounted here. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason);
        }
    }

    private final Path dir;
    private final Path filler;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler.bin");
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code dir} (created if needed). */
    public static SmallFilesystem mount(Path dir, int megabytes) throws IOException, InterruptedException, Unavailable {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new Unavailable("skipped: mounting a small tmpfs to fill it needs root (running as "
                    + System.getProperty("user.name") + ")");
        }
        Files.createDirectories(dir);
        int rc = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        if (rc != 0) {
            throw new Unavailable("skipped: 'mount -t tmpfs' failed with exit code " + rc
                    + " (no mount privilege in this container?)");
        }
        return new SmallFilesystem(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a filler file until the filesystem is full. */
    public void fill() throws IOException {
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
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Unmounts (lazily if the plain unmount fails because a file is still open). */
    @Override
    public void close() throws IOException {
        try {
            if (run("umount", dir.toString()) != 0 && run("umount", "-l", dir.toString()) != 0) {
                throw new IOException("could not unmount the test tmpfs at " + dir + "; unmount it by hand");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting the test tmpfs at " + dir + "; unmount it by hand", e);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
