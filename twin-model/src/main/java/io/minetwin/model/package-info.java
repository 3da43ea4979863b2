/**
 * The twin model: asset types, twins and the validation of incoming samples, in plain Java.
 *
 * <p>Entry types: {@link io.minetwin.model.TwinId}, {@link io.minetwin.model.SeriesKey}.
 */
package io.minetwin.model;
