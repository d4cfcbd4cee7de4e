/**
 * Micrometer meters for a maintenance controller: {@link io.github.maintenance.micrometer.MaintenanceMetrics}
 * binds route states, maintenance hits, drain rejections, circuit states, the state store's health
 * and the pending schedules to any {@code MeterRegistry}. Micrometer has no module descriptor; its
 * automatic module name is {@code micrometer.core}, required transitively because the binder's API
 * (a {@code MeterBinder} taking a {@code MeterRegistry}) is made of its types.
 */
@SuppressWarnings("requires-transitive-automatic")
module io.github.maintenance.micrometer {
    requires transitive io.github.maintenance.core;
    requires transitive micrometer.core;

    exports io.github.maintenance.micrometer;
}
