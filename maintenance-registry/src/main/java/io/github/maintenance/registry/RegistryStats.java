package io.github.maintenance.registry;

/**
 * Figures of a running {@link RegistryServer}, taken at one moment.
 *
 * @param connections          open connections
 * @param sessions             sessions, those in their grace period included
 * @param connectedSessions    sessions bound to an open connection
 * @param pendingVerifications MAINT_ENTER/MAINT_EXIT verifications not finished yet
 * @param verificationAttempts HTTP attempts made by verifications since start
 * @param rejectedConnections  connections refused at accept (caps, an address blocked for failed
 *                             authentications) since start
 * @param authFailures         REGISTERs refused for a missing or wrong token (or the rate limit), invalid
 *                             lines before a session was bound, and connections of a blocked address, since start
 * @param adoptedRoutes        routes kept by the controller after their session ended, still blocked
 */
public record RegistryStats(int connections, int sessions, int connectedSessions, int pendingVerifications,
        long verificationAttempts, long rejectedConnections, long authFailures, int adoptedRoutes) {
}
