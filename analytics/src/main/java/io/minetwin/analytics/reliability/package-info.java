/**
 * Reliability statistics: Weibull fits of the times between failures of components, pooled per asset type
 * and component or per supplier, with right-censoring and confidence intervals. Entry point:
 * {@link io.minetwin.analytics.reliability.ReliabilityAnalysis}; the fitter is
 * {@link io.minetwin.analytics.reliability.WeibullMle}.
 */
package io.minetwin.analytics.reliability;
