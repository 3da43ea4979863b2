/**
 * Features over causal sliding windows ({@link io.minetwin.analytics.features.FeatureExtractor}, with
 * statistics from Apache Commons Math in {@link io.minetwin.analytics.features.WindowStats}; optionally
 * spectral band energies, {@link io.minetwin.analytics.features.SpectralSpec}, and rainflow cycle counts,
 * {@link io.minetwin.analytics.features.CycleSpec}), the alignment of a component's channels on a grid
 * ({@link io.minetwin.analytics.features.FrameBuilder}) and operating-regime normalisation
 * ({@link io.minetwin.analytics.features.RegimeNormalizer}).
 */
package io.minetwin.analytics.features;
