/**
 * Remaining useful life: a component's history split into lives between resets and failures
 * ({@link io.minetwin.analytics.rul.Life}), features and hyperparameters chosen by grouped cross-validation
 * ({@link io.minetwin.analytics.rul.ModelSelection}), gradient-boosted trees
 * ({@link io.minetwin.analytics.rul.TrainerSettings}) and an interval from held-out residuals
 * ({@link io.minetwin.analytics.rul.RulInterval}), giving a {@link io.minetwin.analytics.rul.RulModel}.
 *
 * <p>Entry type: {@link io.minetwin.analytics.rul.RulPipeline} (history and maintenance records in, a model
 * and predictions out), configured by {@link io.minetwin.analytics.rul.RulConfig}.
 */
package io.minetwin.analytics.rul;
