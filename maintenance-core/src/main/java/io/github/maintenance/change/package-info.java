/**
 * The one change model: every control plane (Java API, registry, CLI, dashboard, flag file,
 * schedules, integrations) turns its input into {@link io.github.maintenance.change.Change}
 * records, validated once when they are built, and applies them through
 * {@link io.github.maintenance.MaintenanceController#apply}. {@link io.github.maintenance.change.ChangeFields}
 * parses the text vocabulary shared by the dashboard, the demo's control endpoint and HTTP
 * integrations. Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance.change;
