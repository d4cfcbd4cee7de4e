/**
 * The state store service-provider interface. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.spi;
