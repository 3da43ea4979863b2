package io.minetwin.model.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shared harness of minetwin's benchmarks: each benchmark measures its figures and a baseline in the
 * same run, puts them in an ordered map (snake_case names, the ratio against the baseline among them) and
 * prints them as aligned text or as JSON ({@code --json}). Written once here, in the module every module
 * with benchmarks sees ({@code store}, {@code analytics} and {@code engine} each keep their benchmarks in a
 * {@code bench} package), and JDK-only like the rest of {@code twin-model}.
 */
public final class BenchFigures {

    private BenchFigures() {
    }

    /** An empty map of figures that keeps the order they are put in. */
    public static Map<String, Object> ordered() {
        return new LinkedHashMap<>();
    }

    /** {@code v} rounded half up to {@code digits} decimals (0 for whole numbers, still a double). */
    public static double round(double v, int digits) {
        double p = Math.pow(10, digits);
        return Math.round(v * p) / p;
    }

    /** {@code measured / baseline} rounded to {@code digits} decimals: how many times the baseline. */
    public static double ratio(double measured, double baseline, int digits) {
        return round(measured / baseline, digits);
    }

    /**
     * The figures as text: {@code title:} and then one aligned {@code name  value} line each; doubles of
     * 100 or more and whole numbers with thousands separators, other doubles to three decimals.
     */
    public static String text(String title, Map<String, Object> figures) {
        StringBuilder sb = new StringBuilder(title).append(':').append(System.lineSeparator());
        int width = figures.keySet().stream().mapToInt(String::length).max().orElse(0);
        figures.forEach((k, v) -> sb.append(String.format("  %-" + width + "s  %s%n", k, format(v))));
        return sb.toString();
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

    /**
     * The figures as one line of JSON, for benchmarks run on their own ({@code main}); numbers and booleans
     * as they are, anything else as a string.
     */
    public static String json(Map<String, Object> figures) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : figures.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(escape(e.getKey())).append("\": ");
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append('"').append(escape(String.valueOf(v))).append('"');
            }
        }
        return sb.append('}').toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
