/**
 * Built-in state stores (in memory, file) and the flag-file watcher. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.store;
