package io.minetwin.engine.cmms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry under {@code assets:} in a mapping file: a functional location or asset number, written as a
 * template such as {@code BY-PIT1-HT{n}-TRL-L}, and the twin and component it stands for, written with the
 * same placeholders ({@code baiyun:truck-{n}-left-inverter}). A placeholder stands for one or more letters,
 * digits or underscores, so the rule reads both ways: from the CMMS's identifier to the twin on import, and
 * from the twin back to the identifier on export. An entry without a component takes it from a part code
 * looked up under {@code components:}: the {@code {part}} placeholder's value (e.g. Maximo child assets
 * {@code HT{n}-{part}}), else the export's object part column (SAP PM).
 *
 * @param match     the identifier template
 * @param twin      the twin template ({@code null} when {@code ignore})
 * @param component the component template, or {@code null} to take the component from the object part
 * @param ignore    true when rows for this identifier are skipped (e.g. plant that is not a twin)
 */
public record AssetRule(String match, String twin, String component, boolean ignore) {

    /** The placeholder whose value is a part code, looked up under {@code components:}. */
    public static final String PART = "part";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9]*)}");

    public AssetRule {
        if (!ignore) {
            List<String> names = placeholders(match);
            for (String t : twin == null ? List.<String>of() : List.of(twin)) {
                for (String n : placeholders(t)) {
                    if (!names.contains(n)) {
                        throw new IllegalArgumentException("'{" + n + "}' in '" + t + "' does not appear in match '"
                                + match + "'; use only the placeholders of match");
                    }
                }
            }
            if (component != null) {
                for (String n : placeholders(component)) {
                    if (!names.contains(n)) {
                        throw new IllegalArgumentException("'{" + n + "}' in '" + component + "' does not appear in"
                                + " match '" + match + "'; use only the placeholders of match");
                    }
                }
            }
        }
    }

    /** The placeholder names of {@code template}, in order. */
    static List<String> placeholders(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The values of the placeholders when {@code text} matches {@code template} whole, else empty. */
    static Optional<Map<String, String>> read(String template, String text) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([A-Za-z0-9_]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        Matcher t = Pattern.compile(regex.toString()).matcher(text);
        if (!t.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String previous = values.putIfAbsent(names.get(i), t.group(i + 1));
            if (previous != null && !previous.equals(t.group(i + 1))) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    /** {@code template} with its placeholders filled in. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
