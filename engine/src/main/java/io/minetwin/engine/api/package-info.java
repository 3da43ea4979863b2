/**
 * The REST API and the planner dashboard served by the engine: twins and their history, forecasts ranked
 * by risk, alerts and their acknowledgement, maintenance records, work orders, the model registry and
 * training jobs, status and metrics, behind bearer tokens with roles.
 *
 * <p>Entry type: {@link io.minetwin.engine.api.ApiServer}, built on an {@link io.minetwin.engine.api.ApiBackend};
 * training plugs in through {@link io.minetwin.engine.api.TrainingRunner}, downtime costs through
 * {@link io.minetwin.engine.api.DowntimeCosts}.
 */
package io.minetwin.engine.api;
