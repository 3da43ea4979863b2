package io.minetwin.engine.discover;

import io.minetwin.connectors.opcua.AddressSpaceScan.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a {@link Discovery.Draft} as the two files {@code minetwin run} reads: {@code fleet.yaml} (the
 * twins with their guessed types and parents) and {@code minetwin.yaml} (the engine configuration with
 * one OPC UA endpoint whose mappings map each matched node by id). Every guess is preceded by a comment
 * with its confidence and evidence, those below {@link #SURE} marked {@code CHECK}; the unmatched nodes
 * are listed at the end of {@code minetwin.yaml}.
 */
public final class DraftWriter {

    /** Guesses below this confidence are marked CHECK. */
    public static final double SURE = 0.7;

    /**
     * How the draft connects and names things.
     *
     * @param url         the server
     * @param endpoint    the endpoint's name in the configuration
     * @param security    {@code None}, {@code Basic256Sha256/Sign} or {@code Basic256Sha256/SignAndEncrypt}
     * @param user        the login, if any
     * @param passwordEnv the environment variable the password is to come from, with a user
     * @param namespace   twin id namespace
     * @param site        the site's name, may be empty
     * @param assetTypes  the asset types folder as written into the configuration
     * @param header      what was scanned, for the files' first comment
     */
    public record Settings(String url, String endpoint, String security, Optional<String> user, String passwordEnv,
                           String namespace, String site, String assetTypes, String header) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
        }
    }

    private DraftWriter() {
    }

    /** Writes {@code dir/fleet.yaml} and {@code dir/minetwin.yaml}; returns the configuration file. */
    public static Path write(Path dir, Discovery.Draft draft, Settings s) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fleet.yaml"), fleet(draft, s));
        Path config = dir.resolve("minetwin.yaml");
        Files.writeString(config, config(draft, s));
        return config;
    }

    static String fleet(Discovery.Draft draft, Settings s) {
        var b = new StringBuilder();
        b.append("# Draft fleet written by 'minetwin discover' ").append(s.header()).append('\n');
        b.append("# Each twin's asset type is a guess from its variables (confidence 0 to 1; CHECK below ")
                .append(SURE).append(").\n");
        b.append("# Add model, serial and commissioned where known; schema in config/README.md, \"Fleet files\".\n");
        b.append("namespace: ").append(s.namespace()).append('\n');
        if (!s.site().isBlank()) {
            b.append("site: ").append(quote(s.site())).append('\n');
        }
        b.append("twins:\n");
        int typed = 0;
        for (Discovery.Asset a : draft.assets()) {
            if (a.type().isEmpty()) {
                continue;
            }
            typed++;
            b.append("  # ").append(mark(a.confidence())).append(" Objects/").append(String.join("/", a.path()))
                    .append(": ").append(a.why()).append('\n');
            b.append("  ").append(key(a.twin())).append(":\n");
            b.append("    type: ").append(a.type().get()).append('\n');
            if (a.parent().isPresent()) {
                Discovery.ParentGuess p = a.parent().get();
                b.append("    # ").append(mark(p.confidence())).append(" installed in ").append(p.twin())
                        .append(", component ").append(p.component()).append(": its name begins with ")
                        .append(p.twin()).append("'s; remove 'parent' if it is a machine of its own\n");
                b.append("    parent: {twin: ").append(key(p.twin())).append(", component: ").append(p.component())
                        .append(", position: ").append(key(p.position())).append("}\n");
            }
        }
        if (typed == 0) {
            b.append("  {}\n");
        }
        for (Discovery.Asset a : draft.assets()) {
            if (a.type().isEmpty()) {
                b.append("# Objects/").append(String.join("/", a.path())).append(": ").append(a.variables())
                        .append(" variables, ").append(a.why()).append("; not a twin\n");
            }
        }
        return b.toString();
    }

    static String config(Discovery.Draft draft, Settings s) {
        var b = new StringBuilder();
        b.append("# Draft configuration written by 'minetwin discover' ").append(s.header()).append('\n');
        b.append("# Every mapping is a guess, preceded by its confidence (0 to 1) and evidence; CHECK marks those\n");
        b.append("# below ").append(SURE).append(". Correct the wrong ones, map the unmatched nodes listed at the end that"
                + " you need,\n");
        b.append("# then validate against the server with: minetwin check --config <this file>\n");
        b.append("data-dir: data\n");
        b.append("asset-types: ").append(quote(s.assetTypes())).append('\n');
        b.append("fleet: fleet.yaml\n\n");
        b.append("opcua:\n  endpoints:\n");
        b.append("    - name: ").append(key(s.endpoint())).append('\n');
        b.append("      url: ").append(quote(s.url())).append('\n');
        b.append("      security: ").append(s.security()).append('\n');
        if (s.user().isPresent()) {
            b.append("      user: ").append(quote(s.user().get())).append('\n');
            b.append("      password-env: ").append(s.passwordEnv()).append('\n');
            if (s.security().equalsIgnoreCase("None")) {
                b.append("      allow-password-over-none: true   # the password travels unencrypted: prefer"
                        + " Basic256Sha256\n");
            }
        }
        b.append("      mappings:\n");
        String twin = null;
        for (Discovery.Guess g : draft.guesses()) {
            if (!g.twin().equals(twin)) {
                twin = g.twin();
                b.append("        # ---- ").append(twin).append('\n');
            }
            b.append("        # ").append(mark(g.confidence())).append(' ').append(describe(g.variable()))
                    .append(": ").append(g.why()).append('\n');
            b.append("        - node: ").append(quote(g.variable().nodeId())).append('\n');
            b.append("          twin: ").append(quote(s.namespace() + ":" + g.twin())).append('\n');
            b.append("          channel: ").append(g.component()).append('.').append(g.channel()).append('\n');
        }
        if (draft.guesses().isEmpty()) {
            b.append("        []   # nothing matched: map nodes by hand, see the unmatched nodes below\n");
        }
        b.append("\n# Unmatched nodes (").append(draft.unmatched().size()).append("): map those you need under"
                + " 'mappings' as\n#   - node: <id>\n#     twin: ").append(s.namespace()).append(":<twin>\n"
                + "#     channel: <component>.<channel>\n");
        for (Discovery.Unmatched u : draft.unmatched()) {
            b.append("#   ").append(describe(u.variable())).append(" ").append(u.variable().nodeId()).append(": ")
                    .append(u.reason()).append('\n');
        }
        return b.toString();
    }

    private static String mark(double confidence) {
        return String.format(Locale.ROOT, "%s%.2f", confidence < SURE ? "CHECK " : "guess ", confidence);
    }

    private static String describe(Variable v) {
        var b = new StringBuilder(v.browsePath()).append(" (").append(v.dataType());
        v.unit().ifPresent(u -> b.append(", ").append(u));
        if (v.hasEuRange()) {
            b.append(String.format(Locale.ROOT, ", EURange %s..%s", num(v.euLow()), num(v.euHigh())));
        }
        return b.append(')').toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A YAML key or plain value: plain when safe, else double-quoted. */
    static String key(String text) {
        return text.matches("[A-Za-z][A-Za-z0-9_-]*") ? text : quote(text);
    }

    /** A double-quoted YAML string. */
    static String quote(String text) {
        var b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
