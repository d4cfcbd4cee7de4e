package io.github.maintenance.registry;

import static io.github.maintenance.registry.ConfigRules.require;

import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * The size limits of a {@link RegistryServer}, part of its {@link RegistryConfig} (set them through
 * the builder's methods of the same names, or all at once with
 * {@link RegistryConfig.Builder#limits(RegistryLimits)}).
 *
 * <table>
 * <caption>Limits and defaults</caption>
 * <tr><th>limit</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code maxLineLength}</td><td>65 535 bytes</td><td>longer lines get {@code ERROR|line too long}
 *     and the connection is closed</td></tr>
 * <tr><td>{@code maxConnections}</td><td>1 024</td><td>open connections (one thread each), registered or
 *     not; beyond it {@code ERROR|max connections exceeded} and close</td></tr>
 * <tr><td>{@code reservedConnections}</td><td>16</td><td>of {@code maxConnections}, the slots only peers
 *     accepted by {@code reservedFor} (loopback peers: the local operator's {@code maintenancectl}) can
 *     take: every other peer is refused once {@code maxConnections - reservedConnections} are open. At
 *     most half of {@code maxConnections} is reserved, whatever the setting.</td></tr>
 * <tr><td>{@code reservedFor}</td><td>loopback addresses</td><td>which peer addresses may use the
 *     reserved slots</td></tr>
 * <tr><td>{@code maxConnectionsPerAddress}</td><td>256</td><td>open connections from one peer address,
 *     registered or not (0: no cap); beyond it {@code ERROR|max connections per address exceeded}. Raise
 *     it when more clients than that share one address (all clients of a registry bound to loopback
 *     come from {@code 127.0.0.1})</td></tr>
 * <tr><td>{@code maxSessions}</td><td>1 024</td><td>sessions, those in their grace period included</td></tr>
 * <tr><td>{@code maxRoutesPerSession}</td><td>256</td><td>active plus staged routes of a session</td></tr>
 * <tr><td>{@code eventQueueLimit}</td><td>1 000</td><td>EVENT lines waiting for a slow subscriber before
 *     it is disconnected</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxLineLength            64 to 1 048 576 bytes
 * @param maxConnections           at least 1
 * @param reservedConnections      0 or more (at most half of {@code maxConnections} takes effect)
 * @param reservedFor              the peers that may use the reserved slots
 * @param maxConnectionsPerAddress 0 (no cap) or more
 * @param maxSessions              at least 1
 * @param maxRoutesPerSession      at least 1
 * @param eventQueueLimit          at least 1
 */
public record RegistryLimits(int maxLineLength, int maxConnections, int reservedConnections,
        Predicate<InetAddress> reservedFor, int maxConnectionsPerAddress, int maxSessions, int maxRoutesPerSession,
        int eventQueueLimit) {

    /** Default longest command line, 65 535 bytes before its line break. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 65_535;
    /** Default cap on open connections, 1 024. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** Default number of connection slots reserved for {@link #reservedFor()} peers, 16. */
    public static final int DEFAULT_RESERVED_CONNECTIONS = 16;
    /** Default cap on open connections from one peer address, 256. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    /** Default cap on sessions, 1 024. */
    public static final int DEFAULT_MAX_SESSIONS = 1024;
    /** Default cap on the active plus staged routes of a session, 256. */
    public static final int DEFAULT_MAX_ROUTES_PER_SESSION = 256;
    /** Default number of EVENT lines a slow subscriber may leave unread, 1 000. */
    public static final int DEFAULT_EVENT_QUEUE_LIMIT = 1000;

    /** The peers that may use the reserved slots by default: loopback addresses. */
    public static final Predicate<InetAddress> LOOPBACK = InetAddress::isLoopbackAddress;

    /** The defaults. */
    public static final RegistryLimits DEFAULTS = new RegistryLimits(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_CONNECTIONS,
            DEFAULT_RESERVED_CONNECTIONS, LOOPBACK, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_SESSIONS,
            DEFAULT_MAX_ROUTES_PER_SESSION, DEFAULT_EVENT_QUEUE_LIMIT);

    /**
     * Validates every limit.
     *
     * @param maxLineLength            64 to 1 048 576 bytes
     * @param maxConnections           at least 1
     * @param reservedConnections      0 or more (at most half of {@code maxConnections} takes effect)
     * @param reservedFor              the peers that may use the reserved slots; not {@code null}
     * @param maxConnectionsPerAddress 0 (no cap) or more
     * @param maxSessions              at least 1
     * @param maxRoutesPerSession      at least 1
     * @param eventQueueLimit          at least 1
     * @throws io.github.maintenance.MaintenanceException naming the first invalid value
     */
    public RegistryLimits {
        require(maxLineLength >= 64 && maxLineLength <= 1 << 20, "maxLineLength", maxLineLength,
                "must be 64 to 1048576");
        require(maxConnections >= 1, "maxConnections", maxConnections, "must be at least 1");
        require(reservedConnections >= 0, "reservedConnections", reservedConnections, "must not be negative");
        require(reservedFor != null, "reservedFor", null, "is required");
        require(maxConnectionsPerAddress >= 0, "maxConnectionsPerAddress", maxConnectionsPerAddress,
                "must not be negative");
        require(maxSessions >= 1, "maxSessions", maxSessions, "must be at least 1");
        require(maxRoutesPerSession >= 1, "maxRoutesPerSession", maxRoutesPerSession, "must be at least 1");
        require(eventQueueLimit >= 1, "eventQueueLimit", eventQueueLimit, "must be at least 1");
    }

    /**
     * The open connections beyond which a peer is refused: {@code maxConnections} for a peer that
     * {@code reservedFor} accepts, else {@code maxConnections} less the reserve (at most half of it).
     *
     * @param peer the peer's address
     * @return the limit on open connections, the peer's own included
     */
    public int connectionLimitFor(InetAddress peer) {
        if (reservedFor.test(peer)) {
            return maxConnections;
        }
        return maxConnections - Math.min(reservedConnections, maxConnections / 2);
    }

    /**
     * {@return whether the per-address cap allows one more connection from an address that has {@code open} already}
     *
     * @param open the connections already open from the address
     */
    public boolean allowsFromOneAddress(int open) {
        return maxConnectionsPerAddress == 0 || open < maxConnectionsPerAddress;
    }

    @Override
    public String toString() {
        return "maxLineLength=" + maxLineLength + ", maxConnections=" + maxConnections + " (" + reservedConnections
                + " reserved" + (reservedFor == LOOPBACK ? " for loopback peers" : "") + ")"
                + ", maxConnectionsPerAddress=" + (maxConnectionsPerAddress == 0 ? "no cap" : maxConnectionsPerAddress)
                + ", maxSessions=" + maxSessions + ", maxRoutesPerSession=" + maxRoutesPerSession
                + ", eventQueueLimit=" + eventQueueLimit;
    }
}
