/**
 * Work orders in and out of a maintenance management system (CMMS): reading SAP PM- and Maximo-shaped
 * exports into maintenance and failure events through a mapping file, and writing flagged components as
 * work-order requests in the same shapes with the mapping used in reverse.
 */
package io.minetwin.engine.cmms;
