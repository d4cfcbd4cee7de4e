/**
 * The audit trail: one {@link io.github.maintenance.audit.AuditEntry} per change that changed
 * something (who, through which control plane, why, what, before and after, when), kept in a
 * bounded {@link io.github.maintenance.audit.AuditTrail} and, when the state store supports it
 * ({@link io.github.maintenance.spi.AuditStore}), in the store, and exported as JSON or CSV
 * ({@link io.github.maintenance.audit.AuditExport}). Parameters and return values are non-null
 * unless documented otherwise.
 */
package io.github.maintenance.audit;
