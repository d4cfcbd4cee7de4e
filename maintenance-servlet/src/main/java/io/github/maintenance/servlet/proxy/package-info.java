/**
 * Fetching custom maintenance pages through a pooled HTTP client. Parameters and return values
 * are non-null unless documented otherwise.
 */
package io.github.maintenance.servlet.proxy;
