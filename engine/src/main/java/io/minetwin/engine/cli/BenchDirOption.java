package io.minetwin.engine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Where a benchmark writes: a fresh temporary directory, removed afterwards, unless {@code --dir} is given. */
final class BenchDirOption {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Work directory, kept afterwards (default: a temporary one, removed at the end).")
    Path dir;

    interface Body<T> {
        T run(Path work) throws Exception;
    }

    <T> T run(Body<T> body) throws Exception {
        if (dir != null) {
            Files.createDirectories(dir);
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new CliException("--dir " + dir + " is not empty; give an empty or new directory");
                }
            }
            return body.run(dir);
        }
        Path work = Files.createTempDirectory("minetwin-bench-");
        try {
            return body.run(work);
        } finally {
            delete(work);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("warning: could not remove " + root + ": " + e.getMessage());
        }
    }
}
