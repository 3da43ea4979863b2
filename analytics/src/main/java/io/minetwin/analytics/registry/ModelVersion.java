package io.minetwin.analytics.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One registered model version and what is known about it.
 *
 * @param key         the asset type and component it serves, e.g. {@code haul-truck.engine}
 * @param version     1, 2, ... per key
 * @param state       candidate, active or retired
 * @param created     when it was registered
 * @param provenance  Tribuo's provenance, flattened: trainer class and hyperparameters, dataset, versions
 * @param features    feature names, in the model's order
 * @param trainedFrom start of the training window
 * @param trainedTo   end of the training window
 * @param assets      twins whose history it was trained on
 * @param labels      label counts, e.g. {@code rows}, {@code lives}, {@code failures}
 * @param evaluation  its evaluation, if any
 * @param sha256      digest of the model file, checked on load
 */
public record ModelVersion(String key, int version, ModelState state, Instant created,
                           Map<String, String> provenance, List<String> features, Instant trainedFrom,
                           Instant trainedTo, List<String> assets, Map<String, Long> labels,
                           Optional<Evaluation> evaluation, String sha256) {
    public ModelVersion {
        Objects.requireNonNull(key, "key");
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1, got " + version);
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
        provenance = Map.copyOf(provenance);
        features = List.copyOf(features);
        Objects.requireNonNull(trainedFrom, "trainedFrom");
        Objects.requireNonNull(trainedTo, "trainedTo");
        assets = List.copyOf(assets);
        labels = Map.copyOf(labels);
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** {@code key@version}, e.g. {@code haul-truck.engine@3}. */
    public String id() {
        return key + "@" + version;
    }

    ModelVersion withState(ModelState value) {
        return new ModelVersion(key, version, value, created, provenance, features, trainedFrom, trainedTo, assets,
                labels, evaluation, sha256);
    }
}
