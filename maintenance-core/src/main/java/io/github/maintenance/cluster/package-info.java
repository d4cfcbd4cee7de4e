/**
 * The cluster view: what each instance sharing a state store last reported about itself (name,
 * heartbeat, the state version it has applied, its store's health, its counters), the sums over
 * the live instances, and which instances lag behind the cluster's state. Read with
 * {@link io.github.maintenance.MaintenanceController#cluster()}; kept by stores that implement
 * {@link io.github.maintenance.spi.ClusterStore}.
 */
package io.github.maintenance.cluster;
