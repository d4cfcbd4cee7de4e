/**
 * Circuit breaker configuration and states. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.breaker;
