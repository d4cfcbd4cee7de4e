/**
 * Implementation details; not part of the public API and subject to change. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.internal;
