/**
 * Routes and the allocation-free route table. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.route;
