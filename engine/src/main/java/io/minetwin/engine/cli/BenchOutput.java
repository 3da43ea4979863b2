package io.minetwin.engine.cli;

import java.io.PrintWriter;
import java.util.Map;

/** Prints a benchmark's figures (snake_case names, in order) as JSON or as aligned text lines. */
final class BenchOutput {
    private BenchOutput() {
    }

    static void print(PrintWriter out, boolean json, String title, Map<String, Object> fields) {
        if (json) {
            Json.print(out, fields);
            return;
        }
        out.println(title + ":");
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((k, v) -> out.printf("  %-" + width + "s  %s%n", k, format(v)));
        out.flush();
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return Math.abs(d) >= 100 ? String.format("%,.0f", d) : String.format("%.3f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format("%,d", ((Number) v).longValue());
        }
        return String.valueOf(v);
    }
}
