package io.minetwin.engine.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the benchmarks that work in a directory of their own share: {@code --json}, {@code --dir}, the check
 * that their counts are at least 1 (exit code 2 naming the options), and the run that prints the figures.
 */
abstract class WorkDirBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    BenchDirOption dir;

    /**
     * Fails with exit code 2 unless every value is at least 1.
     *
     * @param options the options as the message names them, e.g. {@code "--series and --samples"}
     */
    static void requireAtLeastOne(String options, int... values) {
        for (int v : values) {
            if (v < 1) {
                var got = new StringBuilder();
                for (int w : values) {
                    got.append(got.isEmpty() ? "" : ", ").append(w);
                }
                throw new CliException(options + " must be at least 1 (got " + got + ")", 2);
            }
        }
    }

    /** Runs {@code body} in the work directory and prints its figures under {@code title}; returns exit code 0. */
    final int runAndPrint(String title, BenchDirOption.Body<Map<String, Object>> body) throws Exception {
        Map<String, Object> figures = dir.run(body);
        BenchOutput.print(spec.commandLine().getOut(), json.enabled, title, figures);
        return 0;
    }

    /** A sink for a benchmark's progress lines: standard error, flushed line by line. */
    final java.util.function.Consumer<String> progress() {
        var err = spec.commandLine().getErr();
        return line -> {
            err.println(line);
            err.flush();
        };
    }
}
