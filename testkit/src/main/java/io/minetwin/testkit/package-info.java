/**
 * Test helpers shared by the modules' tests (a test-scoped dependency, never needed by a production build):
 * small asset types, twins, samples and a manual clock.
 *
 * <p>Entry type: {@link io.minetwin.testkit.TwinFixtures}.
 */
package io.minetwin.testkit;
