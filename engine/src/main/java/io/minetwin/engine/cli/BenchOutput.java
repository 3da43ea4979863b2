package io.minetwin.engine.cli;

import io.minetwin.model.bench.BenchFigures;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Prints a benchmark's figures (snake_case names, in order): as the command line's JSON with {@code --json},
 * else as the shared harness's aligned text ({@link BenchFigures#text}).
 */
final class BenchOutput {
    private BenchOutput() {
    }

    static void print(PrintWriter out, boolean json, String title, Map<String, Object> fields) {
        if (json) {
            Json.print(out, fields);
            return;
        }
        out.print(BenchFigures.text(title, fields));
        out.flush();
    }
}
