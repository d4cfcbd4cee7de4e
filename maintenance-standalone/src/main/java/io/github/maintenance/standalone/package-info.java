/**
 * The standalone maintenance page server: for when the whole application is down, it serves the
 * same page as the filter (the core's {@link io.github.maintenance.page.PageRenderer}) from the
 * JDK's built-in HTTP server, configured from environment variables and flags. Parameters and
 * return values are non-null unless documented otherwise.
 */
package io.github.maintenance.standalone;
