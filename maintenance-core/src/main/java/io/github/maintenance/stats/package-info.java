/**
 * Point-in-time statistics and the maintenance history. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.stats;
