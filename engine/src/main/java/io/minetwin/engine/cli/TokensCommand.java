package io.minetwin.engine.cli;

import io.minetwin.engine.api.Role;
import io.minetwin.engine.api.TokenFile;
import io.minetwin.engine.config.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code minetwin tokens}: the API tokens of a data directory ({@code tokens.json}), created, listed and revoked
 * while the engine runs; a running engine picks up every change within a second.
 */
@Command(name = "tokens",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke API tokens of a data directory; a running engine picks changes up"
                + " within a second, without a restart.",
        subcommands = {CommandLine.HelpCommand.class, TokensCommand.Create.class, TokensCommand.ListTokens.class,
                TokensCommand.Revoke.class})
final class TokensCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static TokenFile file(StoreOptionsMixin options) {
        return new TokenFile(options.dataDir(), Clock.systemUTC());
    }

    static Map<String, Object> describe(TokenFile.Token t, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("role", t.role().id());
        m.put("state", t.state(now));
        m.put("created", t.created().toString());
        m.put("expires", t.expires().map(Instant::toString).orElse(null));
        m.put("revoked", t.revoked().map(Instant::toString).orElse(null));
        return m;
    }

    /** {@code tokens create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token and print it once; only a keyed hash of it is stored.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptionsMixin storeOptions;
        @Mixin
        JsonOption json;
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Who holds it, e.g. planning-office (letters, digits, '.', '_', '-').")
        String name;
        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "viewer, planner, engineer, scada, operator or admin.")
        String role;
        @Option(names = "--expires", paramLabel = "WHEN",
                description = "When it stops working: a duration from now (90d, 12h, 1y) or a time (2027-03-01,"
                        + " 2027-03-01T08:00:00Z). Default: never.")
        String expires;

        @Override
        public Integer call() {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new CliException("--role: " + e.getMessage(), 2);
            }
            Instant now = Instant.now();
            Optional<Instant> until = Optional.ofNullable(expires).map(e -> expiry(e, now));
            TokenFile.Issued issued;
            try {
                issued = file(storeOptions).create(name, r, until);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), 2);
            }
            CliAudit.record(storeOptions.dataDir(), "tokens create", issued.token().name() + " ("
                    + issued.token().role().id() + ")", "ok: id " + issued.token().id());
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled) {
                Map<String, Object> m = describe(issued.token(), now);
                m.put("token", issued.secret());
                Json.print(out, m);
            } else {
                out.println(issued.secret());
                out.printf(Locale.ROOT, "token '%s' (id %s, role %s, %s) created in %s; it is shown only now:"
                                + " hand it over and keep no copy%n", issued.token().name(), issued.token().id(),
                        issued.token().role().id(), until.map(t -> "expires " + t).orElse("does not expire"),
                        file(storeOptions).path());
                out.flush();
            }
            return 0;
        }

        static Instant expiry(String text, Instant now) {
            try {
                Duration d = Durations.parse(text, false);
                return now.plus(d);
            } catch (IllegalArgumentException notDuration) {
                try {
                    return new InstantConverter().convert(text);
                } catch (CommandLine.TypeConversionException notTime) {
                    throw new CliException("--expires '" + text + "' is neither a duration (90d, 12h, 1y) nor a time"
                            + " (2027-03-01 or 2027-03-01T08:00:00Z)", 2);
                }
            } catch (DateTimeParseException e) {
                throw new CliException("--expires '" + text + "': " + e.getMessage(), 2);
            }
        }
    }

    /** {@code tokens list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every token of the data directory with its role and state (never the token itself).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptionsMixin storeOptions;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            TokenFile file = file(storeOptions);
            List<TokenFile.Token> tokens = file.list();
            Instant now = Instant.now();
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled) {
                Json.print(out, Map.of("tokens", tokens.stream().map(t -> describe(t, now)).toList()));
                return 0;
            }
            if (tokens.isEmpty()) {
                out.println("no tokens in " + file.path() + "; create one with 'minetwin tokens create --name NAME"
                        + " --role ROLE'");
            } else {
                out.printf(Locale.ROOT, "%-12s %-24s %-9s %-8s %-20s %s%n", "ID", "NAME", "ROLE", "STATE", "CREATED",
                        "EXPIRES");
                for (TokenFile.Token t : tokens) {
                    out.printf(Locale.ROOT, "%-12s %-24s %-9s %-8s %-20s %s%n", t.id(), t.name(), t.role().id(),
                            t.state(now), t.created().toString().substring(0, 19) + "Z",
                            t.expires().map(Instant::toString).orElse("never"));
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code tokens revoke}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token by id or name; a running engine refuses it within a second, also on open"
                    + " live streams.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptionsMixin storeOptions;
        @Parameters(paramLabel = "ID|NAME", description = "The token's id or name, as 'tokens list' shows.")
        String token;

        @Override
        public Integer call() {
            TokenFile.Token t;
            try {
                t = file(storeOptions).revoke(token);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), 2);
            }
            CliAudit.record(storeOptions.dataDir(), "tokens revoke", t.name() + " (" + t.role().id() + ")",
                    "ok: id " + t.id());
            spec.commandLine().getOut().printf(Locale.ROOT, "token '%s' (id %s, role %s) revoked at %s%n", t.name(),
                    t.id(), t.role().id(), t.revoked().orElseThrow());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
