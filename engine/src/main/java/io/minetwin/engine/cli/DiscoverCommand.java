package io.minetwin.engine.cli;

import io.minetwin.connectors.opcua.AddressSpaceScan;
import io.minetwin.connectors.opcua.ConnectorException;
import io.minetwin.connectors.opcua.EndpointConfig;
import io.minetwin.connectors.opcua.Identity;
import io.minetwin.connectors.opcua.Security;
import io.minetwin.connectors.opcua.ToolSession;
import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.discover.Discovery;
import io.minetwin.engine.discover.DraftWriter;
import io.minetwin.model.AssetType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minetwin discover}: a draft fleet and mapping from what an OPC UA server holds. */
@Command(name = "discover",
        mixinStandardHelpOptions = true,
        description = {"Browse an OPC UA server (within its operation limits), group its variables into candidate"
                + " assets and components, match them against the asset types (names, units, EngineeringUnits,"
                + " EURange) and write a draft fleet.yaml and minetwin.yaml into --out, every guess marked with its"
                + " confidence and the unmatched nodes listed.",
                "Then correct the draft and validate it with 'minetwin check --config OUT/minetwin.yaml'."})
final class DiscoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The server, e.g. opc.tcp://10.1.2.3:4840.")
    String url;

    @Option(names = "--security", paramLabel = "SECURITY", defaultValue = "Basic256Sha256/SignAndEncrypt",
            description = "None, Basic256Sha256/Sign or Basic256Sha256/SignAndEncrypt (default: ${DEFAULT-VALUE}).")
    String security;

    @Option(names = "--user", paramLabel = "NAME", description = "Log in with this user (default: anonymous).")
    String user;

    @Option(names = "--password-env", paramLabel = "VARIABLE",
            description = "Environment variable holding the password; also written into the draft"
                    + " (default: MINETWIN_OPCUA_PASSWORD).")
    String passwordEnv;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "The password itself (visible to other users of this machine: prefer --password-env);"
                    + " never written into the draft.")
    String password;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write fleet.yaml and minetwin.yaml.")
    Path out;

    @Option(names = "--force", description = "Overwrite a draft already in --out.")
    boolean force;

    @Option(names = "--asset-types", paramLabel = "DIR",
            description = "The asset types to match against (default: config/asset-types of this installation).")
    Path assetTypes;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "site",
            description = "The endpoint's name in the draft (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "site",
            description = "Twin id namespace of the draft fleet (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--site", paramLabel = "TEXT", defaultValue = "", description = "The site's name for people.")
    String site;

    @Option(names = "--pki-dir", paramLabel = "DIR",
            description = "Client certificate and trusted server certificates (default: OUT/data/pki/NAME, where"
                    + " 'minetwin run' of the draft looks).")
    Path pkiDir;

    @Option(names = "--max-references-per-node", paramLabel = "N", defaultValue = "1000",
            description = "References asked per node and Browse; the rest follows by continuation point"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxReferences;

    @Option(names = "--max-nodes", paramLabel = "N", defaultValue = "200000",
            description = "Stop browsing after this many nodes (default: ${DEFAULT-VALUE}).")
    int maxNodes;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (!url.startsWith("opc.tcp://")) {
            throw new CliException("--url " + url + ": not an OPC UA TCP URL; write it as opc.tcp://host:port[/path]", 2);
        }
        if (!namespace.matches("[a-zA-Z]\\w*")) {
            throw new CliException("--namespace " + namespace + ": a namespace is a letter then letters, digits or _,"
                    + " e.g. baiyun", 2);
        }
        if (maxReferences < 1 || maxNodes < 1) {
            throw new CliException("--max-references-per-node and --max-nodes must be at least 1", 2);
        }
        Security sec = security(security);
        Path config = out.resolve("minetwin.yaml");
        if (!force && (Files.exists(config) || Files.exists(out.resolve("fleet.yaml")))) {
            throw new CliException(out + " already holds a draft (minetwin.yaml or fleet.yaml); choose another --out,"
                    + " or pass --force to overwrite it and its edits", 2);
        }
        Path typesDir = assetTypes != null ? assetTypes : defaultAssetTypes();
        Map<String, AssetType> types;
        try {
            types = AssetTypeLoader.loadDirectory(typesDir);
        } catch (ConfigException e) {
            throw new CliException(e.getMessage(), 2);
        }
        if (types.isEmpty()) {
            throw new CliException("--asset-types " + typesDir + ": no asset types there to match against", 2);
        }
        String envName = passwordEnv != null ? passwordEnv : "MINETWIN_OPCUA_PASSWORD";
        Identity identity = Identity.ANONYMOUS;
        if (user != null) {
            String pw = password != null ? password : System.getenv(envName);
            if (pw == null) {
                throw new CliException("--user " + user + " needs a password: set " + envName + " (or name another"
                        + " variable with --password-env)", 2);
            }
            identity = new Identity.UserPassword(user, pw);
        }
        Path pki = pkiDir != null ? pkiDir : out.resolve("data").resolve("pki").resolve(name);
        EndpointConfig endpoint = EndpointConfig.of(name, url, pki, List.of()).withSecurity(sec, identity);

        AddressSpaceScan.Result scan;
        try (ToolSession session = ToolSession.connect(endpoint)) {
            scan = session.scan(maxReferences, maxNodes);
        } catch (ConnectorException e) {
            throw new CliException(e.getMessage(), 1);
        }
        Discovery.Draft draft = new Discovery(types).match(scan.variables());
        String header = "from " + url + " on " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ".";
        String typesText = relative(typesDir);
        try {
            DraftWriter.write(out, draft, new DraftWriter.Settings(url, name, sec.toString(),
                    Optional.ofNullable(user), envName, namespace, site, typesText, header));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the draft into " + out + ": " + e.getMessage(), e);
        }

        o.printf(Locale.ROOT, "discover %s: %d variables in %d objects (%d Browse and %d BrowseNext requests, at most"
                        + " %d nodes each)%s%n", url, scan.variables().size(), scan.objects(), scan.browseRequests(),
                scan.browseNextRequests(), scan.maxNodesPerBrowse(),
                scan.truncated() ? "; stopped at --max-nodes " + maxNodes : "");
        for (Discovery.Asset a : draft.assets()) {
            o.printf(Locale.ROOT, "  %-28s %s%n", a.twin(), a.type().map(t -> String.format(Locale.ROOT,
                    "%s (confidence %.2f), %d of %d variables matched%s", t, a.confidence(), a.matched(), a.variables(),
                    a.parent().map(p -> ", installed in " + p.twin() + " " + p.component() + "?").orElse("")))
                    .orElse("no asset type fits its " + a.variables() + " variables"));
        }
        long check = draft.guesses().stream().filter(g -> g.confidence() < DraftWriter.SURE).count();
        o.printf(Locale.ROOT, "nodes: %d found, %d matched (%d marked CHECK), %d unmatched%n",
                scan.variables().size(), draft.guesses().size(), check, draft.unmatched().size());
        o.println("wrote " + out.resolve("fleet.yaml") + " and " + config + "; correct the guesses, then: minetwin check"
                + " --config " + config);
        return 0;
    }

    private static Security security(String text) {
        try {
            String[] parts = text.split("/", 2);
            Security.Policy policy = Security.Policy.parse(parts[0]);
            Security.Mode mode = parts.length > 1 ? Security.Mode.parse(parts[1])
                    : policy == Security.Policy.NONE ? Security.Mode.NONE : Security.Mode.SIGN_AND_ENCRYPT;
            return new Security(policy, mode);
        } catch (IllegalArgumentException e) {
            throw new CliException("--security " + text + ": " + e.getMessage()
                    + " (write None, Basic256Sha256/Sign or Basic256Sha256/SignAndEncrypt)", 2);
        }
    }

    private static Path defaultAssetTypes() {
        String home = System.getenv("MINETWIN_HOME");
        Path local = Path.of("config", "asset-types");
        if (home != null && Files.isDirectory(Path.of(home).resolve(local))) {
            return Path.of(home).resolve(local);
        }
        if (Files.isDirectory(local)) {
            return local;
        }
        throw new CliException("no asset types found at " + local.toAbsolutePath() + "; pass --asset-types DIR", 2);
    }

    /**
     * The asset types folder as the draft names it: relative to --out when close by (the draft and the
     * installation move together), else absolute.
     */
    private String relative(Path typesDir) {
        Path abs = typesDir.toAbsolutePath().normalize();
        try {
            Path rel = out.toAbsolutePath().normalize().relativize(abs);
            int up = 0;
            while (up < rel.getNameCount() && rel.getName(up).toString().equals("..")) {
                up++;
            }
            return up <= 2 ? rel.toString() : abs.toString();
        } catch (IllegalArgumentException e) {
            return abs.toString();
        }
    }
}
