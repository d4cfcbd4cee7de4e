/**
 * The maintenance dashboard: {@link io.github.maintenance.servlet.dashboard.DashboardServlet} (JSON
 * API, live page, server-sent events, actions) and its
 * {@link io.github.maintenance.servlet.dashboard.DashboardSettings}, and
 * {@link io.github.maintenance.servlet.dashboard.DashboardViews}, its state document and actions for
 * other HTTP control planes. Parameters and return values
 * are non-null unless documented otherwise.
 */
package io.github.maintenance.servlet.dashboard;
