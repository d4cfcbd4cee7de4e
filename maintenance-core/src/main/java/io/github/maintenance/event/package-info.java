/**
 * Change events and listeners. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.event;
