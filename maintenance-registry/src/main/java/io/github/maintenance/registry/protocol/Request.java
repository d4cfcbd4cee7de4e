package io.github.maintenance.registry.protocol;

/**
 * One received command, parsed and checked for everything that does not depend on the server's
 * state: field counts, numbers, durations, times, names, JSON, URLs against the outbound policy,
 * targets, and the controller's own value rules (the {@link io.github.maintenance.change.Change}
 * records a command carries are built, so validated, by the parser). What remains for the server
 * to check is state: whether a route or session exists, whether a limit is reached.
 *
 * <p>Each protocol area has its own family of records, so that one handler takes one family:
 * {@link SessionRequest}, {@link RouteRequest}, {@link ConfigRequest}, {@link StatsRequest},
 * {@link DrainRequest}, {@link MaintRequest}, {@link ScheduleRequest} and {@link AuditRequest}. {@link CommandParser}
 * produces them from a {@link CommandLine}.
 *
 * <p>Records are immutable and thread-safe.
 */
public sealed interface Request
        permits SessionRequest, RouteRequest, ConfigRequest, StatsRequest, DrainRequest, MaintRequest, ScheduleRequest,
        AuditRequest {
}
