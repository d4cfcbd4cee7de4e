/**
 * Built-in state stores. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.store;
