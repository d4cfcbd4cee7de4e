/**
 * The maintenance dashboard: {@link io.github.maintenance.servlet.dashboard.DashboardServlet} (JSON
 * API, live page, server-sent events, actions) and its
 * {@link io.github.maintenance.servlet.dashboard.DashboardSettings}. Parameters and return values
 * are non-null unless documented otherwise.
 */
package io.github.maintenance.servlet.dashboard;
