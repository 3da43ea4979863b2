package io.minetwin.analytics.registry;

import io.minetwin.analytics.features.CycleSpec;
import io.minetwin.analytics.features.FeatureExtractor;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.analytics.features.RegimeNormalizer;
import io.minetwin.analytics.features.SpectralSpec;
import io.minetwin.analytics.features.Stat;
import io.minetwin.analytics.forecast.AlertPolicy;
import io.minetwin.analytics.forecast.Calibration;
import io.minetwin.analytics.forecast.ComponentModels;
import io.minetwin.analytics.forecast.FeatureReference;
import io.minetwin.analytics.forecast.HealthModel;
import io.minetwin.analytics.forecast.Horizon;
import io.minetwin.analytics.rul.RulInterval;
import io.minetwin.analytics.rul.RulModel;
import io.minetwin.model.SeriesKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tribuo.Model;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * Model versions in a data directory's {@code models/} folder, per key ({@code <asset type>.<component>}).
 *
 * <p>Layout: {@code models/<key>/v0003/} holds {@code model.tribuo} (Tribuo's protobuf format, never Java
 * serialization), {@code pipeline.properties} (regimes, normalisation statistics, feature definition)
 * and {@code manifest.properties} (state, provenance, features, training window, assets, label counts,
 * evaluation, the model file's SHA-256); {@code models/<key>/activations} lists the versions made active,
 * oldest first, for rollback. A version is written to a temporary folder and renamed into place.
 *
 * <p>Writes are serialised: every write (register, promote, rollback) holds this instance's lock and an
 * exclusive file lock on {@code models/.lock}, so a second writer in this or another process (the API
 * and the CLI at once) waits for the first, and fails after {@link #LOCK_WAIT} with an error naming the
 * lock file. A state change (promote, rollback) touches several files, so its commit point is one file,
 * {@code models/<key>/states.properties} (the states set by promotes and rollbacks, and the activations),
 * replaced atomically by a rename; readers take states from it over the manifests', so they see the old
 * or the new states, never a mix. The manifests and {@code activations} are then updated to match (and
 * brought up to date by the next write if a crash came between), so a crash at any point leaves exactly
 * the old or the new state.
 */
public final class ModelRegistry {

    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}\\.[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final String MODEL_FILE = "model.tribuo";
    private static final String PIPELINE_FILE = "pipeline.properties";
    private static final String MANIFEST_FILE = "manifest.properties";
    private static final String ACTIVATIONS = "activations";
    private static final String FORMAT = "minetwin-rul-1";
    private static final String COMPONENT_FORMAT = "minetwin-component-1";
    private static final String HEALTH_FILE = "health.tribuo";

    private static final String LOCK_FILE = ".lock";
    private static final String STATES_FILE = "states.properties";
    /** How long a writer waits for another writer of the same registry before it gives up. */
    public static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(30);

    private final Path root;
    private final Clock clock;
    private final java.util.concurrent.locks.ReentrantLock writeLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.time.Duration lockWait;

    /** A registry in {@code root} (usually {@code <data>/models}); created on the first registration. */
    public ModelRegistry(Path root, Clock clock) {
        this(root, clock, LOCK_WAIT);
    }

    /** As {@link #ModelRegistry(Path, Clock)}, with how long a writer waits for another. */
    ModelRegistry(Path root, Clock clock, java.time.Duration lockWait) {
        this.root = root;
        this.clock = clock;
        this.lockWait = lockWait;
    }

    /** A write to the registry, run under its locks. */
    @FunctionalInterface
    private interface Write<T> {
        T run();
    }

    /**
     * Runs {@code write} holding this instance's lock and the registry's file lock, after rolling forward
     * any journal a crashed writer left.
     *
     * @throws RegistryException when another writer holds the registry for longer than {@link #LOCK_WAIT}
     */
    private <T> T locked(String what, Write<T> write) {
        writeLock.lock();
        try {
            Files.createDirectories(root);
            Path lockFile = root.resolve(LOCK_FILE);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.channels.FileLock lock = acquire(ch, lockFile, what, lockWait);
                try {
                    rollForwardAll();
                    return write.run();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the model registry " + root + " to " + what + ": "
                    + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private static java.nio.channels.FileLock acquire(java.nio.channels.FileChannel ch, Path lockFile, String what,
                                                      java.time.Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            java.nio.channels.FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
                lock = null; // another registry instance of this process writes; wait for it like for a process
            }
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new RegistryException("cannot " + what + ": the model registry is being written by another"
                        + " writer (a 'minetwin models' command, training, or the engine's API) that has held "
                        + lockFile + " for more than " + wait.toMillis() + " ms; try again when it has finished");
            }
            try {
                Thread.sleep(20); // a file lock has no timed wait; poll it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted while waiting for the model registry lock " + lockFile);
            }
        }
    }

    public Path root() {
        return root;
    }

    /** The key of an asset type's component, e.g. {@code haul-truck.engine}. */
    public static String key(String assetType, String component) {
        SeriesKey.requireIdentifier("asset type", assetType);
        SeriesKey.requireIdentifier("component", component);
        return assetType + "." + component;
    }

    /**
     * What a training run knows about its data.
     *
     * @param from   start of the training window
     * @param to     end of the training window
     * @param assets twins trained on
     * @param labels label counts
     */
    public record Training(Instant from, Instant to, List<String> assets, Map<String, Long> labels) {
        public Training {
            assets = List.copyOf(assets);
            labels = Map.copyOf(labels);
        }
    }

    /**
     * Registers {@code model} as the next version of {@code key}: a candidate, or active when the key has no
     * active version yet (the first model trained for a component becomes active).
     */
    public ModelVersion register(String key, RulModel model, Training training, Optional<Evaluation> evaluation) {
        return commit(key, (tmp, version, state) -> {
            model.model().serializeToFile(tmp.resolve(MODEL_FILE));
            writePipeline(tmp.resolve(PIPELINE_FILE), model);
            ModelVersion v = new ModelVersion(key, version, state, clock.instant(), provenance(model.model()),
                    model.featureNames(), training.from(), training.to(), training.assets(), training.labels(),
                    evaluation, sha256(tmp.resolve(MODEL_FILE)));
            writeManifest(tmp.resolve(MANIFEST_FILE), v);
            return v;
        });
    }

    /** Writes a new version's files into a fresh directory and returns the version it records. */
    @FunctionalInterface
    private interface VersionWriter {
        ModelVersion write(Path dir, int version, ModelState state) throws IOException;
    }

    /**
     * The next version of {@code key}, written by {@code writer} into a temporary directory that is then
     * renamed into place, so a crash never leaves half a version; active when the key has none yet, else a
     * candidate.
     */
    private ModelVersion commit(String key, VersionWriter writer) {
        checkKey(key);
        return locked("register a version of " + key, () -> commitLocked(key, writer));
    }

    private ModelVersion commitLocked(String key, VersionWriter writer) {
        Path dir = root.resolve(key);
        int version = versions(key).stream().mapToInt(ModelVersion::version).max().orElse(0) + 1;
        Path tmp = dir.resolve(String.format(Locale.ROOT, "v%04d.tmp", version));
        Path target = dir.resolve(String.format(Locale.ROOT, "v%04d", version));
        boolean first = active(key).isEmpty();
        try {
            Files.createDirectories(tmp);
            ModelVersion v = writer.write(tmp, version, first ? ModelState.ACTIVE : ModelState.CANDIDATE);
            Files.move(tmp, target);
            if (first) {
                appendActivation(key, version);
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register a model in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Registers a component's forecast models as the next version of {@code key}: the RUL regressor in
     * {@code model.tribuo}, a classifier per horizon in {@code classifier-<horizon>.tribuo}, the health
     * model in {@code health.tribuo} (all in Tribuo's protobuf format, each with its SHA-256 in the
     * manifest) and the rest of the pipeline in {@code pipeline.properties}. A candidate, or active when
     * the key has no active version yet.
     */
    public ModelVersion register(String key, ComponentModels models, Training training,
                                 Optional<Evaluation> evaluation) {
        return commit(key, (tmp, version, state) -> {
            models.rul().serializeToFile(tmp.resolve(MODEL_FILE));
            Map<String, String> digests = new LinkedHashMap<>();
            for (int h = 0; h < models.horizons().size(); h++) {
                String name = classifierFile(models.horizons().get(h));
                models.classifiers().get(h).serializeToFile(tmp.resolve(name));
                digests.put(name, sha256(tmp.resolve(name)));
            }
            models.health().model().serializeToFile(tmp.resolve(HEALTH_FILE));
            digests.put(HEALTH_FILE, sha256(tmp.resolve(HEALTH_FILE)));
            writeComponentPipeline(tmp.resolve(PIPELINE_FILE), models);
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("kind", "component-forecast");
            Model<?> longest = models.classifiers().get(models.classifiers().size() - 1);
            provenance(longest).forEach((k, val) -> provenance.put("classifier." + k, val));
            provenance.putAll(provenance(models.rul()));
            ModelVersion v = new ModelVersion(key, version, state, clock.instant(), provenance, models.featureNames(),
                    training.from(), training.to(), training.assets(), training.labels(), evaluation,
                    sha256(tmp.resolve(MODEL_FILE)));
            writeManifest(tmp.resolve(MANIFEST_FILE), v);
            Props manifest = Props.read(tmp.resolve(MANIFEST_FILE));
            digests.forEach((name, digest) -> manifest.put("files." + name, digest));
            manifest.write();
            return v;
        });
    }

    /** True if {@code v} holds component forecast models (rather than a RUL model alone). */
    public static boolean isComponent(ModelVersion v) {
        return "component-forecast".equals(v.provenance().get("kind"));
    }

    /**
     * Loads a version's component forecast models, checking every file's digest and kind.
     *
     * @throws RegistryException for a missing, corrupt or foreign file, or a RUL-only version
     */
    public ComponentModels loadComponent(ModelVersion v) {
        if (!isComponent(v)) {
            throw new RegistryException(v.id() + " is a remaining-useful-life model only, not a component forecast;"
                    + " train the component with 'minetwin train'");
        }
        Path dir = root.resolve(v.key()).resolve(String.format(Locale.ROOT, "v%04d", v.version()));
        Props manifest = Props.read(dir.resolve(MANIFEST_FILE));
        Model<Regressor> rul = readModel(dir.resolve(MODEL_FILE), v.sha256(), Regressor.class, v);
        Props p = Props.read(dir.resolve(PIPELINE_FILE));
        if (!COMPONENT_FORMAT.equals(p.get("format"))) {
            throw new RegistryException(dir.resolve(PIPELINE_FILE) + " has format '" + p.get("format")
                    + "', this version reads " + COMPONENT_FORMAT);
        }
        try {
            RulModel base = readPipeline(p, dir.resolve(PIPELINE_FILE), rul);
            List<Horizon> horizons = p.list("horizons").stream().map(Horizon::parse).toList();
            List<Model<Label>> classifiers = new ArrayList<>();
            List<Calibration> calibrations = new ArrayList<>();
            for (Horizon h : horizons) {
                String name = classifierFile(h);
                classifiers.add(readModel(dir.resolve(name), manifest.get("files." + name), Label.class, v));
                double[] ab = p.doubles("calibration." + h.name());
                calibrations.add(new Calibration(ab[0], ab[1]));
            }
            Model<org.tribuo.anomaly.Event> healthModel = readModel(dir.resolve(HEALTH_FILE),
                    manifest.get("files." + HEALTH_FILE), org.tribuo.anomaly.Event.class, v);
            double[] cols = p.doubles("health.columns");
            int[] columns = new int[cols.length];
            for (int i = 0; i < cols.length; i++) {
                columns[i] = (int) cols[i];
            }
            HealthModel health = new HealthModel(columns, p.list("health.names").toArray(new String[0]),
                    p.doubles("health.mean"), p.doubles("health.sd"), healthModel, p.number("health.good"),
                    p.number("health.bad"));
            // Versions written before peers and duty counters were read have neither key.
            Inputs inputs = new Inputs(p.list("channels"), p.has("peers") ? p.list("peers") : List.of(),
                    p.has("counters") ? p.list("counters") : List.of());
            ComponentModels models = new ComponentModels(p.get("asset_type"), base.component(), inputs,
                    base.step(), horizons, base.cap(), base.normalizer(), base.features(), base.featureNames(),
                    classifiers, calibrations, rul, base.interval(), health, p.doubles("importance"),
                    p.doubles("baseline.mean"), p.doubles("baseline.sd"), alerts(p), reference(p));
            if (!models.featureNames().equals(v.features())) {
                throw new RegistryException(dir + ": the pipeline's features differ from the manifest's; the version"
                        + " is damaged. Register the model again");
            }
            return models;
        } catch (IllegalArgumentException e) {
            throw new RegistryException(dir + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The training rows' feature distributions; none in versions written before they were kept. */
    private static FeatureReference reference(Props p) {
        if (!p.has("reference.rows")) {
            return FeatureReference.none();
        }
        List<String> names = p.list("feature_names");
        List<double[]> edges = new ArrayList<>();
        List<double[]> shares = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            edges.add(p.doubles("reference." + i + ".edges"));
            shares.add(p.doubles("reference." + i + ".shares"));
        }
        return new FeatureReference(names, edges, shares, (long) p.number("reference.rows"));
    }

    private static void putReference(Props p, FeatureReference r) {
        if (!r.known()) {
            return;
        }
        p.put("reference.rows", r.rows());
        for (int i = 0; i < r.names().size(); i++) {
            p.putDoubles("reference." + i + ".edges", r.edges().get(i));
            p.putDoubles("reference." + i + ".shares", r.shares().get(i));
        }
    }

    private static AlertPolicy alerts(Props p) {
        if (!p.has("alerts.warning")) {
            return AlertPolicy.defaults();
        }
        return new AlertPolicy(p.number("alerts.watch"), p.number("alerts.warning"), p.number("alerts.critical"),
                p.number("alerts.watch_health"), p.number("alerts.hysteresis"),
                io.minetwin.model.AlertLevel.parse(p.get("alerts.flag")),
                p.has("alerts.warning_health") ? p.number("alerts.warning_health") : 0);
    }

    private static String classifierFile(Horizon h) {
        return "classifier-" + h.name() + ".tribuo";
    }

    private <T extends org.tribuo.Output<T>> Model<T> readModel(Path file, String expectedDigest, Class<T> output,
                                                                 ModelVersion v) {
        return readModel(file, expectedDigest, output, v, "predict " + output.getSimpleName() + " outputs");
    }

    /**
     * Reads a model file of version {@code v}: present, with the recorded SHA-256, in Tribuo's protobuf form
     * and predicting {@code output}; else refused saying it does not {@code expectation}.
     */
    private <T extends org.tribuo.Output<T>> Model<T> readModel(Path file, String expectedDigest, Class<T> output,
                                                                 ModelVersion v, String expectation) {
        if (!Files.isRegularFile(file)) {
            throw new RegistryException(file + " is missing; " + v.id() + " cannot be loaded. Register the model"
                    + " again or roll back");
        }
        String digest = sha256(file);
        if (!digest.equals(expectedDigest)) {
            throw new RegistryException(file + " is corrupt or was replaced: its SHA-256 is " + digest
                    + ", the registry recorded " + expectedDigest + ". Restore it from a backup, or retrain");
        }
        Model<?> raw;
        try {
            raw = Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new RegistryException(file + " is not a Tribuo model in protobuf form (corrupt or foreign file): "
                    + e.getMessage(), e);
        }
        if (!raw.validate(output)) {
            throw new RegistryException(file + " holds a " + raw.getClass().getSimpleName() + " that does not "
                    + expectation);
        }
        @SuppressWarnings("unchecked")
        Model<T> typed = (Model<T>) raw;
        return typed;
    }

    private static void writeComponentPipeline(Path file, ComponentModels m) {
        RulModel asRul = new RulModel(m.component(), m.step(), m.rulCap(), m.normalizer(), m.features(),
                m.featureNames(), m.rul(), m.interval());
        Props p = pipelineProps(file, asRul).put("format", COMPONENT_FORMAT)
                .put("asset_type", m.assetType())
                .putList("channels", m.inputs().channels())
                .putList("peers", m.inputs().peers())
                .putList("counters", m.inputs().counters())
                .putList("horizons", m.horizons().stream().map(Horizon::name).toList())
                .putDoubles("importance", m.importance())
                .putDoubles("baseline.mean", m.baselineMean())
                .putDoubles("baseline.sd", m.baselineSd())
                .put("alerts.watch", m.alerts().watch())
                .put("alerts.warning", m.alerts().warning())
                .put("alerts.critical", m.alerts().critical())
                .put("alerts.watch_health", m.alerts().watchHealth())
                .put("alerts.hysteresis", m.alerts().hysteresis())
                .put("alerts.flag", m.alerts().flag().id())
                .put("alerts.warning_health", m.alerts().warningHealth());
        putReference(p, m.reference());
        for (int h = 0; h < m.horizons().size(); h++) {
            Calibration c = m.calibrations().get(h);
            p.putDoubles("calibration." + m.horizons().get(h).name(), new double[] {c.a(), c.b()});
        }
        HealthModel hm = m.health();
        double[] cols = new double[hm.columns().length];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = hm.columns()[i];
        }
        p.putDoubles("health.columns", cols).putList("health.names", List.of(hm.names()))
                .putDoubles("health.mean", hm.mean()).putDoubles("health.sd", hm.sd())
                .put("health.good", hm.good()).put("health.bad", hm.bad());
        p.write();
    }

    /** Every version of every key, by key and version. */
    public List<ModelVersion> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ModelVersion> out = new ArrayList<>();
        try (Stream<Path> keys = Files.list(root)) {
            for (Path k : keys.filter(Files::isDirectory).sorted().toList()) {
                if (KEY.matcher(k.getFileName().toString()).matches()) {
                    out.addAll(versions(k.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The versions of {@code key}, oldest first. */
    public List<ModelVersion> versions(String key) {
        checkKey(key);
        Path dir = root.resolve(key);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<ModelVersion> manifests = files.filter(p -> p.getFileName().toString().matches("v\\d{4,}"))
                    .map(p -> readManifest(p.resolve(MANIFEST_FILE)))
                    .toList();
            // The states file is read after the manifests: a writer changes manifests only after committing the
            // states file, which holds every version any change touched, so the later read covers whatever
            // manifest change was seen, and a reader never mixes two state changes.
            Map<Integer, ModelState> pending = transition(key).map(Transition::states).orElse(Map.of());
            return manifests.stream()
                    .map(v -> pending.containsKey(v.version()) ? v.withState(pending.get(v.version())) : v)
                    .sorted(Comparator.comparingInt(ModelVersion::version))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One version, or a {@link RegistryException} naming the versions there are. */
    public ModelVersion get(String key, int version) {
        return versions(key).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new RegistryException("no version " + version + " of " + key + " in " + root
                        + "; versions: " + versions(key).stream().map(v -> Integer.toString(v.version())).toList()));
    }

    /**
     * When {@code v} last became active: recorded by promotes and rollbacks; a version that became active by
     * being the first one registered (or was made active before these times were kept) counts from its creation.
     */
    public Instant activatedAt(ModelVersion v) {
        return transition(v.key()).map(t -> t.activated().get(v.version())).orElse(v.created());
    }

    public Optional<ModelVersion> active(String key) {
        return versions(key).stream().filter(v -> v.state() == ModelState.ACTIVE).findFirst();
    }

    /**
     * Makes {@code version} active and retires the active one. Refused, unless {@code force}, when the
     * candidate has no evaluation, or was evaluated on another holdout, or evaluates worse.
     */
    public PromoteOutcome promote(String key, int version, boolean force) {
        checkKey(key);
        return locked("promote " + key + " v" + version, () -> promoteLocked(key, version, force));
    }

    private PromoteOutcome promoteLocked(String key, int version, boolean force) {
        ModelVersion candidate = get(key, version);
        Optional<ModelVersion> current = active(key);
        if (current.isPresent() && current.get().version() == version) {
            return new PromoteOutcome.Refused(candidate.id() + " is already active");
        }
        if (current.isPresent() && !force) {
            Optional<Evaluation> a = current.get().evaluation();
            Optional<Evaluation> c = candidate.evaluation();
            if (c.isEmpty()) {
                return new PromoteOutcome.Refused(candidate.id() + " has no evaluation to compare with the active "
                        + current.get().id() + "; evaluate it, or pass --force");
            }
            if (a.isPresent() && !a.get().holdout().equals(c.get().holdout())) {
                return new PromoteOutcome.Refused(candidate.id() + " was evaluated on '" + c.get().holdout()
                        + "' but the active " + current.get().id() + " on '" + a.get().holdout()
                        + "'; evaluate both on the same holdout, or pass --force");
            }
            if (a.isPresent() && c.get().worseThan(a.get())) {
                return new PromoteOutcome.Refused(String.format(Locale.ROOT,
                        "%s evaluates worse than the active %s on '%s' (%s vs %s); pass --force to"
                                + " promote it anyway", candidate.id(), current.get().id(), c.get().holdout(),
                        c.get().headline(), a.get().headline()));
            }
        }
        Map<Integer, ModelState> states = new LinkedHashMap<>();
        // Every other version that claims to be active is retired too, so one promote repairs a registry
        // that an older build left with two.
        versions(key).stream().filter(v -> v.state() == ModelState.ACTIVE && v.version() != version)
                .forEach(v -> states.put(v.version(), ModelState.RETIRED));
        states.put(version, ModelState.ACTIVE);
        List<Integer> activations = new ArrayList<>(activations(key));
        activations.add(version);
        apply(key, new Transition(states, activations, Map.of(version, clock.instant())));
        return new PromoteOutcome.Promoted(candidate.withState(ModelState.ACTIVE),
                current.map(ModelVersion::version).orElse(0));
    }

    /**
     * Champion/challenger: makes candidate {@code version} active only if it beats the active version
     * {@code champion} on the same holdout, by the rule {@link #promote} refuses a worse candidate with
     * ({@link Evaluation#worseThan}), here applied both ways: the champion's figures on the candidate's holdout
     * ({@code championOnHoldout}, measured now, as the champion's recorded evaluation is of another holdout) must be
     * worse than the candidate's. Refused when the candidate has no evaluation, the two holdouts differ, another
     * version became active meanwhile, or the candidate does not beat the champion (a tie keeps the champion).
     */
    public PromoteOutcome promoteIfBetter(String key, int version, int champion, Evaluation championOnHoldout) {
        checkKey(key);
        return locked("promote " + key + " v" + version + " over v" + champion, () -> {
            ModelVersion candidate = get(key, version);
            Optional<ModelVersion> current = active(key);
            if (current.isEmpty() || current.get().version() != champion) {
                return new PromoteOutcome.Refused("the active version of " + key + " is "
                        + current.map(ModelVersion::id).orElse("none") + ", not " + key + "@" + champion
                        + ", which the candidate was compared with");
            }
            Optional<Evaluation> c = candidate.evaluation();
            if (c.isEmpty()) {
                return new PromoteOutcome.Refused(candidate.id() + " has no evaluation to compare");
            }
            if (!c.get().holdout().equals(championOnHoldout.holdout())) {
                return new PromoteOutcome.Refused(candidate.id() + " was evaluated on '" + c.get().holdout()
                        + "' and the active " + current.get().id() + " on '" + championOnHoldout.holdout()
                        + "'; they must be compared on the same holdout");
            }
            if (!championOnHoldout.worseThan(c.get())) {
                return new PromoteOutcome.Refused(String.format(Locale.ROOT,
                        "%s does not beat the active %s on '%s' (%s vs %s)", candidate.id(), current.get().id(),
                        c.get().holdout(), c.get().headline(), championOnHoldout.headline()));
            }
            return promoteLocked(key, version, true);
        });
    }

    /**
     * Retires the active version and makes the previously active one active again.
     *
     * @return the version active now
     * @throws RegistryException when no earlier version was ever active
     */
    public ModelVersion rollback(String key) {
        checkKey(key);
        return locked("roll back " + key, () -> rollbackLocked(key));
    }

    private ModelVersion rollbackLocked(String key) {
        ModelVersion current = active(key).orElseThrow(() -> new RegistryException("no active version of " + key
                + " to roll back from"));
        List<Integer> activations = new ArrayList<>(activations(key));
        while (!activations.isEmpty() && activations.get(activations.size() - 1) == current.version()) {
            activations.remove(activations.size() - 1);
        }
        if (activations.isEmpty()) {
            throw new RegistryException(current.id() + " is the first version ever active; there is nothing to roll"
                    + " back to. Promote another version instead");
        }
        int previous = activations.get(activations.size() - 1);
        ModelVersion restored = get(key, previous);
        Map<Integer, ModelState> states = new LinkedHashMap<>();
        states.put(current.version(), ModelState.RETIRED);
        states.put(previous, ModelState.ACTIVE);
        apply(key, new Transition(states, activations, Map.of(previous, clock.instant())));
        return restored.withState(ModelState.ACTIVE);
    }

    /**
     * Loads a version's model for predictions: checks the file's digest, reads it with Tribuo's protobuf
     * deserialization and checks it is a regression model with the recorded features.
     *
     * @throws RegistryException for a missing, corrupt or foreign model file
     */
    public RulModel load(ModelVersion v) {
        Path dir = root.resolve(v.key()).resolve(String.format(Locale.ROOT, "v%04d", v.version()));
        Model<Regressor> model = readModel(dir.resolve(MODEL_FILE), v.sha256(), Regressor.class, v,
                "predict a regression output; it is not a remaining-useful-life model");
        RulModel rul = readPipeline(dir.resolve(PIPELINE_FILE), model);
        if (!rul.featureNames().equals(v.features())) {
            throw new RegistryException(dir + ": the pipeline's features differ from the manifest's; the version"
                    + " is damaged. Register the model again");
        }
        return rul;
    }

    // --- files ---------------------------------------------------------------------------------------

    private static void checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("model key '" + key + "' must be <asset type>.<component>,"
                    + " e.g. haul-truck.engine");
        }
    }

    private static Map<String, String> provenance(Model<?> model) {
        ModelProvenance p = model.getProvenance();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model_class", p.getClassName());
        m.put("trainer_class", p.getTrainerProvenance().getClassName());
        p.getTrainerProvenance().forEach(pair -> {
            if (!pair.getA().equals("class-name")) {
                m.put("trainer." + pair.getA(), String.valueOf(pair.getB()));
            }
        });
        m.put("dataset", String.valueOf(p.getDatasetProvenance().getSourceProvenance()));
        m.put("dataset.examples", Integer.toString(p.getDatasetProvenance().getNumExamples()));
        m.put("dataset.features", Integer.toString(p.getDatasetProvenance().getNumFeatures()));
        m.put("trained_at", p.getTrainingTime().toString());
        m.put("tribuo_version", p.getTribuoVersion());
        m.put("java_version", p.getJavaVersion());
        return m;
    }

    private static void writePipeline(Path file, RulModel m) {
        pipelineProps(file, m).write();
    }

    private static Props pipelineProps(Path file, RulModel m) {
        RegimeNormalizer n = m.normalizer();
        Props p = new Props(file)
                .put("format", FORMAT)
                .put("component", m.component())
                .put("step", m.step())
                .put("cap", m.cap())
                .putList("features.windows", m.features().windows().stream().map(String::valueOf).toList())
                .putList("features.stats", m.features().stats().stream().sorted().map(Stat::name).toList())
                .put("features.baseline", m.features().baseline())
                .putList("feature_names", m.featureNames())
                .putList("regime.channels", n.regimeChannels())
                .putList("regime.signals", n.signals())
                .putDoubles("regime.centre", n.settingCentre())
                .putDoubles("regime.scale", n.settingScale())
                .put("regime.count", n.regimes());
        // Optional feature families: written only when on, so files without them read as off.
        m.features().spectral().ifPresent(sp -> p.put("features.spectral.size", sp.size())
                .put("features.spectral.step", sp.step())
                .putList("features.spectral.bands", sp.bands().stream().map(SpectralSpec.Band::text).toList())
                .putList("features.spectral.channels", sp.channels()));
        m.features().cycles().ifPresent(cy -> p.put("features.cycles.range", cy.range())
                .putList("features.cycles.channels", cy.channels()));
        for (int r = 0; r < n.regimes(); r++) {
            p.putDoubles("regime." + r + ".centroid", n.centroids()[r]);
            p.putDoubles("regime." + r + ".mean", n.mean()[r]);
            p.putDoubles("regime." + r + ".std", n.std()[r]);
        }
        if (m.interval().known()) {
            p.put("interval.coverage", m.interval().coverage())
                    .putDoubles("interval.bin_upper", m.interval().binUpper())
                    .putDoubles("interval.low", m.interval().low())
                    .putDoubles("interval.high", m.interval().high());
        }
        return p;
    }

    private static RulModel readPipeline(Path file, Model<Regressor> model) {
        Props p = Props.read(file);
        if (!FORMAT.equals(p.get("format"))) {
            throw new RegistryException(file + " has format '" + p.get("format") + "', this version reads " + FORMAT
                    + (COMPONENT_FORMAT.equals(p.get("format")) ? " (component forecasts load with loadComponent)" : ""));
        }
        return readPipeline(p, file, model);
    }

    private static RulModel readPipeline(Props p, Path file, Model<Regressor> model) {
        try {
            int k = p.integer("regime.count");
            double[][] centroids = new double[k][];
            double[][] mean = new double[k][];
            double[][] std = new double[k][];
            for (int r = 0; r < k; r++) {
                centroids[r] = p.doubles("regime." + r + ".centroid");
                mean[r] = p.doubles("regime." + r + ".mean");
                std[r] = p.doubles("regime." + r + ".std");
            }
            RegimeNormalizer n = new RegimeNormalizer(p.list("regime.channels"), p.list("regime.signals"),
                    p.doubles("regime.centre"), p.doubles("regime.scale"), centroids, mean, std);
            EnumSet<Stat> stats = EnumSet.noneOf(Stat.class);
            p.list("features.stats").forEach(s -> stats.add(Stat.valueOf(s)));
            FeatureSpec spec = new FeatureSpec(p.list("features.windows").stream().map(Integer::valueOf).toList(),
                    stats, Boolean.parseBoolean(p.get("features.baseline")));
            if (p.has("features.spectral.size")) {
                spec = spec.withSpectral(new SpectralSpec(p.integer("features.spectral.size"),
                        Duration.parse(p.get("features.spectral.step")),
                        p.list("features.spectral.bands").stream().map(SpectralSpec.Band::parse).toList(),
                        p.list("features.spectral.channels")));
            }
            if (p.has("features.cycles.range")) {
                spec = spec.withCycles(new CycleSpec(p.number("features.cycles.range"),
                        p.list("features.cycles.channels")));
            }
            List<String> names = p.list("feature_names");
            List<String> channels = new ArrayList<>(n.signals());
            if (n.regimes() > 1) {
                channels.add(RegimeNormalizer.REGIME_COLUMN);
            }
            if (!new FeatureExtractor(spec).names(channels).equals(names)) {
                throw new RegistryException(file + ": the feature names do not follow from the feature definition;"
                        + " the file is damaged. Register the model again");
            }
            RulInterval interval = !p.has("interval.coverage") ? RulInterval.none()
                    : new RulInterval(p.number("interval.coverage"), p.doubles("interval.bin_upper"),
                            p.doubles("interval.low"), p.doubles("interval.high"));
            return new RulModel(p.get("component"), Duration.parse(p.get("step")), p.number("cap"), n, spec, names,
                    model, interval);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new RegistryException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static void writeManifest(Path file, ModelVersion v) {
        Props p = new Props(file)
                .put("key", v.key())
                .put("version", v.version())
                .put("state", v.state().name())
                .put("created", v.created())
                .putList("features", v.features())
                .put("trained_from", v.trainedFrom())
                .put("trained_to", v.trainedTo())
                .putList("assets", v.assets())
                .put("sha256", v.sha256());
        v.provenance().forEach((k, val) -> p.put("provenance." + k, val));
        v.labels().forEach((k, val) -> p.put("labels." + k, val));
        v.evaluation().ifPresent(e -> {
            p.put("evaluation.holdout", e.holdout()).put("evaluation.rmse", e.rmse())
                    .put("evaluation.score", e.score()).put("evaluation.units", e.units());
            e.metrics().forEach((k, val) -> p.put("evaluation.metric." + k, val));
        });
        p.write();
    }

    private static ModelVersion readManifest(Path file) {
        Props p = Props.read(file);
        try {
            Map<String, Long> labels = new LinkedHashMap<>();
            p.withPrefix("labels.").forEach((k, val) -> labels.put(k, Long.parseLong(val)));
            Map<String, Double> metrics = new LinkedHashMap<>();
            p.withPrefix("evaluation.metric.").forEach((k, val) -> metrics.put(k, Double.parseDouble(val)));
            Optional<Evaluation> eval = p.has("evaluation.holdout")
                    ? Optional.of(new Evaluation(p.get("evaluation.holdout"), p.number("evaluation.rmse"),
                    p.number("evaluation.score"), p.integer("evaluation.units"), metrics))
                    : Optional.empty();
            return new ModelVersion(p.get("key"), p.integer("version"), ModelState.valueOf(p.get("state")),
                    Instant.parse(p.get("created")), p.withPrefix("provenance."), p.list("features"),
                    Instant.parse(p.get("trained_from")), Instant.parse(p.get("trained_to")), p.list("assets"), labels,
                    eval, p.get("sha256"));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new RegistryException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** New states of some versions of one key and its new activations list: one state change. */
    private record Transition(Map<Integer, ModelState> states, List<Integer> activations,
                              Map<Integer, Instant> activated) {
        Transition(Map<Integer, ModelState> states, List<Integer> activations) {
            this(states, activations, Map.of());
        }
    }

    /**
     * Makes {@code t} visible at once by renaming its journal into place, then writes it into the
     * manifests and the activations file and deletes the journal. Call under {@link #locked}.
     */
    private void apply(String key, Transition t) {
        Map<Integer, ModelState> states = new java.util.TreeMap<>(transition(key).map(Transition::states).orElse(Map.of()));
        states.putAll(t.states());
        Map<Integer, Instant> activated = new java.util.TreeMap<>(transition(key).map(Transition::activated)
                .orElse(Map.of()));
        activated.putAll(t.activated());
        Transition merged = new Transition(states, t.activations(), activated);
        Props p = new Props(root.resolve(key).resolve(STATES_FILE));
        merged.states().forEach((v, state) -> p.put("state." + v, state.name()));
        merged.activated().forEach((v, at) -> p.put("activated." + v, at));
        p.putList("activations", merged.activations().stream().map(String::valueOf).toList());
        p.write(); // the commit point: a rename
        rollForward(key, merged);
    }

    /** Brings the manifests and the activations file in line with the states file. */
    private void rollForward(String key, Transition t) {
        t.states().forEach((v, state) -> {
            Path manifest = root.resolve(key).resolve(String.format(Locale.ROOT, "v%04d", v)).resolve(MANIFEST_FILE);
            if (Files.isRegularFile(manifest)) {
                ModelVersion m = readManifest(manifest);
                if (m.state() != state) {
                    writeManifest(manifest, m.withState(state));
                }
            }
        });
        List<Integer> listed = readActivations(key);
        if (!listed.equals(t.activations())) {
            writeActivations(key, t.activations());
        }
    }

    /** Completes the state changes a crashed writer left half-written. Call under {@link #locked}. */
    private void rollForwardAll() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> keys = Files.list(root)) {
            for (Path k : keys.filter(Files::isDirectory).toList()) {
                String key = k.getFileName().toString();
                if (KEY.matcher(key).matches()) {
                    Optional<Transition> t = transition(key);
                    if (t.isPresent()) {
                        rollForward(key, t.get());
                    }
                }
            }
        }
    }

    /** The states set by promotes and rollbacks of {@code key}, with its activations; none before the first. */
    private Optional<Transition> transition(String key) {
        Path file = root.resolve(key).resolve(STATES_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Props p = Props.read(file);
        try {
            Map<Integer, ModelState> states = new LinkedHashMap<>();
            p.withPrefix("state.").forEach((v, state) -> states.put(Integer.valueOf(v), ModelState.valueOf(state)));
            List<Integer> activations = p.list("activations").stream().filter(x -> !x.isBlank())
                    .map(Integer::valueOf).toList();
            Map<Integer, Instant> activated = new LinkedHashMap<>();
            p.withPrefix("activated.").forEach((v, at) -> activated.put(Integer.valueOf(v), Instant.parse(at)));
            return Optional.of(new Transition(states, activations, activated));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new RegistryException(file + " is damaged: " + e.getMessage() + "; delete it to fall back to the"
                    + " states in the manifests", e);
        }
    }

    private List<Integer> activations(String key) {
        Optional<Transition> t = transition(key);
        return t.isPresent() ? t.get().activations() : readActivations(key);
    }

    private List<Integer> readActivations(String key) {
        Path file = root.resolve(key).resolve(ACTIVATIONS);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
        } catch (IOException | NumberFormatException e) {
            throw new RegistryException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void appendActivation(String key, int version) {
        List<Integer> list = new ArrayList<>(activations(key));
        list.add(version);
        if (transition(key).isPresent()) {
            apply(key, new Transition(Map.of(version, ModelState.ACTIVE), list, Map.of(version, clock.instant())));
        } else {
            writeActivations(key, list);
        }
    }

    private void writeActivations(String key, List<Integer> versions) {
        Path file = root.resolve(key).resolve(ACTIVATIONS);
        Path tmp = file.resolveSibling(ACTIVATIONS + ".tmp");
        StringBuilder b = new StringBuilder();
        versions.forEach(v -> b.append(v).append('\n'));
        try {
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
