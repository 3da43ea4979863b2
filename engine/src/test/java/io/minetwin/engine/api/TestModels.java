package io.minetwin.engine.api;

import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.RegimeNormalizer;
import io.minetwin.analytics.registry.Evaluation;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.analytics.rul.RulInterval;
import io.minetwin.analytics.rul.RulModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.baseline.DummyRegressionTrainer;

/** Registers small real model versions, so the model endpoints run against a real registry. */
final class TestModels {

    private TestModels() {
    }

    static RulModel model() {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("api test", factory),
                factory);
        for (int i = 0; i < 20; i++) {
            data.add(new ArrayExample<>(new Regressor("rul", 100 - i), new String[] {"hoist-motor.winding-temp.mean.6"},
                    new double[] {80 + i}));
        }
        Model<Regressor> model = DummyRegressionTrainer.createMeanTrainer().train(data);
        RegimeNormalizer normalizer = new RegimeNormalizer(List.of(), List.of("hoist-motor.winding-temp"),
                new double[0], new double[0], new double[][] {{}}, new double[][] {{90}}, new double[][] {{5}});
        return new RulModel("hoist-motor", Duration.ofMinutes(10), 100, normalizer, FeatureSpec.all(6),
                List.of("hoist-motor.winding-temp.mean.6"), model, RulInterval.none());
    }

    static ModelVersion register(ModelRegistry registry, String key, double rmse) {
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        var training = new ModelRegistry.Training(from, from.plus(Duration.ofDays(300)), List.of("baiyun:shovel-01"),
                Map.of("rows", 1000L, "failures", 4L));
        return registry.register(key, model(), training, Optional.of(new Evaluation("fleet holdout 2025-Q4", rmse,
                rmse * 10, 3)));
    }
}
