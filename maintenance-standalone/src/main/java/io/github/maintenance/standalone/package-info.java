/**
 * The standalone maintenance page server: for when the whole application is down, it serves the
 * same page as the filter (the core's {@link io.github.maintenance.page.PageRenderer}) from an
 * HTTP/1.1 server of its own on the JDK's non-blocking sockets, with pre-encoded answers,
 * configured from environment variables and flags. Parameters and
 * return values are non-null unless documented otherwise.
 */
package io.github.maintenance.standalone;
