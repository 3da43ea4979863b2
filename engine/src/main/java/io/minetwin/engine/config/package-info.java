/**
 * Loads the engine's YAML configuration: engine settings, asset types and the fleet, with errors that
 * name file, line, column, key path and the fix.
 *
 * <p>Entry type: {@link io.minetwin.engine.config.EngineConfig} ({@code EngineConfig.load(path).loadFleet()});
 * {@link io.minetwin.engine.config.AssetTypeLoader} and {@link io.minetwin.engine.config.FleetLoader}
 * read the files it names.
 */
package io.minetwin.engine.config;
