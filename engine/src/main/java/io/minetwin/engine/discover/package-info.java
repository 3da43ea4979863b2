/**
 * Onboarding a site: {@link io.minetwin.engine.discover.Discovery} groups the variables a server's
 * address space holds into candidate assets and components and matches them against the asset types
 * (names, units, ranges); {@link io.minetwin.engine.discover.DraftWriter} writes the draft fleet and
 * mapping with every guess marked; {@link io.minetwin.engine.discover.ConfigCheck} checks a
 * configuration against the live server before {@code minetwin run}.
 */
package io.minetwin.engine.discover;
