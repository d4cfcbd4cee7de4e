/**
 * Route states, the transition table and drain policies. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.state;
