package io.minetwin.engine.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How names written by different people are compared: {@code HoistMotor}, {@code hoist_motor} and
 * {@code hoist-motor} are the same words; {@code Temperature} and {@code temp} are the same word; a
 * trailing {@code B} is the second of its kind ({@code HoistMotorB} is {@code hoist-motor-2}).
 */
final class Names {

    /** Abbreviations and spellings found on site servers, to the word asset types use. */
    private static final Map<String, String> SAME = Map.ofEntries(
            Map.entry("temperature", "temp"), Map.entry("tmp", "temp"), Map.entry("vib", "vibration"),
            Map.entry("vibr", "vibration"), Map.entry("curr", "current"), Map.entry("amps", "current"),
            Map.entry("pwr", "power"), Map.entry("spd", "speed"), Map.entry("press", "pressure"),
            Map.entry("pres", "pressure"), Map.entry("freq", "frequency"), Map.entry("volt", "voltage"),
            Map.entry("volts", "voltage"), Map.entry("hrs", "hours"), Map.entry("hour", "hours"),
            Map.entry("brg", "bearing"), Map.entry("wdg", "winding"), Map.entry("mtr", "motor"),
            Map.entry("gbx", "gearbox"), Map.entry("eng", "engine"), Map.entry("lvl", "level"),
            Map.entry("cnt", "cycles"), Map.entry("count", "cycles"), Map.entry("cycle", "cycles"),
            Map.entry("heat", "heatsink"), Map.entry("dclink", "dc-link"));

    /** Words that say nothing about what is measured. */
    private static final List<String> NOISE = List.of("pv", "value", "val", "actual", "act", "meas", "measured");

    private Names() {
    }

    /** The words of {@code name}, lower case, split at case changes, digits and punctuation. */
    static List<String> words(String name) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(cur, out);
                continue;
            }
            if (cur.length() > 0) {
                char p = cur.charAt(cur.length() - 1);
                boolean lowerToUpper = Character.isLowerCase(p) && Character.isUpperCase(c);
                boolean acronymEnd = Character.isUpperCase(p) && Character.isUpperCase(c) && i + 1 < name.length()
                        && Character.isLowerCase(name.charAt(i + 1));
                boolean digitEdge = Character.isDigit(p) != Character.isDigit(c);
                if (lowerToUpper || acronymEnd || digitEdge) {
                    flush(cur, out);
                }
            }
            cur.append(c);
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        if (cur.length() > 0) {
            out.add(cur.toString().toLowerCase(Locale.ROOT));
            cur.setLength(0);
        }
    }

    /** {@code Shovel-01} gives {@code shovel-01}, {@code HoistMotor} {@code hoist-motor}. */
    static String kebab(String name) {
        return String.join("-", words(name));
    }

    /** The words normalized for comparing: abbreviations spelt out, noise dropped, a final B made 2. */
    static List<String> terms(String name) {
        var out = new ArrayList<String>();
        List<String> ws = words(name);
        for (int i = 0; i < ws.size(); i++) {
            String w = ws.get(i);
            if (NOISE.contains(w)) {
                continue;
            }
            if (i == ws.size() - 1 && i > 0 && w.length() == 1 && w.charAt(0) >= 'a' && w.charAt(0) <= 'd') {
                w = String.valueOf((char) ('1' + (w.charAt(0) - 'a')));
            }
            String same = SAME.getOrDefault(w, w);
            if (same.contains("-")) {
                out.addAll(List.of(same.split("-")));
            } else {
                out.add(same);
            }
        }
        // "01" and "1" are the same number
        out.replaceAll(w -> w.chars().allMatch(Character::isDigit) ? w.replaceFirst("^0+(?=\\d)", "") : w);
        return out;
    }

    /**
     * How alike two names are, 0 to 1: the Dice coefficient of their terms, where a term that begins the
     * other (at least 3 letters, e.g. {@code temp} and {@code temperatur}) counts 0.8.
     */
    static double similarity(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        var unused = new ArrayList<>(b);
        double matched = 0;
        for (String x : a) {
            int best = -1;
            double score = 0;
            for (int j = 0; j < unused.size(); j++) {
                String y = unused.get(j);
                double s = x.equals(y) ? 1 : (Math.min(x.length(), y.length()) >= 3 && (x.startsWith(y) || y.startsWith(x)))
                        ? 0.8 : 0;
                if (s > score) {
                    score = s;
                    best = j;
                }
            }
            if (best >= 0) {
                matched += score;
                unused.remove(best);
            }
        }
        return 2 * matched / (a.size() + b.size());
    }
}
