/**
 * The JMX control plane: one {@link io.github.maintenance.jmx.MaintenanceMXBean} per controller,
 * named {@code io.github.maintenance:type=Maintenance,name=<instance name>}, showing routes,
 * counters and the state store, with operations that go through the same change model as every
 * other control plane. Registered by {@link io.github.maintenance.MaintenanceConfig.Builder#jmx(boolean)}
 * or {@link io.github.maintenance.jmx.MaintenanceJmx#register}. Uses {@code javax.management}
 * only. Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance.jmx;
