/**
 * Labels: maintenance and failure records read from CSV into events
 * ({@link io.minetwin.analytics.labels.MaintenanceRecords}).
 */
package io.minetwin.analytics.labels;
