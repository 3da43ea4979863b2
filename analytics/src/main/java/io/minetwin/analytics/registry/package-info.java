/**
 * The model registry ({@link io.minetwin.analytics.registry.ModelRegistry}): versions per asset type and
 * component with Tribuo provenance and evaluations, stored in Tribuo's protobuf format; candidate, active
 * and retired states; promote and rollback.
 */
package io.minetwin.analytics.registry;
