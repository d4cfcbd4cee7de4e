/**
 * The registry: a TCP control server speaking the V2 registry protocol (wire-compatible with its
 * public Go client) that drives a {@link io.github.maintenance.MaintenanceController}. Start it
 * with {@link io.github.maintenance.registry.RegistryServer#start}; configure it with
 * {@link io.github.maintenance.registry.RegistryConfig}. The protocol is described in
 * docs/registry-protocol.md. Parameters and return values are non-null unless documented otherwise.
 *
 * <h2>Settings of {@link io.github.maintenance.registry.RegistryConfig}</h2>
 * <table>
 * <caption>Settings and defaults, by group</caption>
 * <tr><th>group</th><th>settings (default: meaning)</th></tr>
 * <tr><td>listening</td><td>{@code bindAddress} (127.0.0.1: any other than a loopback address needs a token),
 *     {@code port} (7000; 0 picks a free port), {@code backlog} (256), {@code tls} (off: an {@link javax.net.ssl.SSLContext}
 *     with a key makes the server speak TLS only; the Go client dials plain TCP, so do not enable it for Go
 *     clients), {@code threadStackSize} (512 KiB: stack of each connection thread; 0: the JVM's default)</td></tr>
 * <tr><td>authentication</td><td>{@code tokens} (none: authentication off; shared secrets, a client sends one as
 *     {@code "auth_token"} in its REGISTER metadata; several allow rotation), {@code namedTokens} (none: tokens with a
 *     name, recorded as the actor of the changes of the sessions they authenticate), {@code authFailuresPerMinute} (10:
 *     failed authentications per peer address and minute before further attempts are refused for the rest of the
 *     minute; every invalid line before a session is bound counts as one. With tokens configured, a blocked
 *     address is refused at once on connecting ({@code ERROR|auth rate limit exceeded})),
 *     {@code reconnectSamePeer} (false; true: {@code RECONNECT} only from the address that registered)</td></tr>
 * <tr><td>time-outs</td><td>{@code idleTimeout} (off: close a session's connection after this long without a
 *     complete command line, bytes of an unfinished line do not count; keep it at 10 min or more for Go clients,
 *     they ping only when their keepalive loop runs), {@code registrationTimeout} (10 s: a connection that has not
 *     registered or reconnected this long after it was accepted is closed, however it trickles bytes),
 *     {@code writeTimeout} (10 s: a peer that does not read a reply for this long is disconnected),
 *     {@code gracePeriod} (5 min: how long a disconnected session can be resumed with {@code RECONNECT}),
 *     {@code stagedTtl} (30 min: staged configuration left unapplied this long is discarded),
 *     {@code sweepInterval} (5 s: how often grace periods and staged TTLs are checked; zero: only through
 *     {@link io.github.maintenance.registry.RegistryServer#sweep()}), {@code clock} (system UTC: the time of sessions, TTLs and the auth rate
 *     limit)</td></tr>
 * <tr><td>outbound fetches</td><td>{@code urlPolicy} (the controller's: which URLs the server fetches, maintenance
 *     pages it verifies, {@code BACKEND_TEST}, exit verification, redirects), {@code verifyBackendOnExit} (false;
 *     true: after {@code MAINT_EXIT} of a route with a backend URL, wait for that URL to answer before
 *     {@code MAINT_OK}), {@code enterVerificationTimeout} (20 s: budget to reach a maintenance page, below the Go
 *     client's 30 s), {@code exitVerificationTimeout} (8 s: budget to reach a backend after exit, below the Go
 *     client's 10 s), {@code verificationRetryInterval} (1 s: pause between attempts), {@code connectTimeout} /
 *     {@code readTimeout} (2 s / 3 s per attempt), {@code backendTestTimeout} (5 s: {@code BACKEND_TEST})</td></tr>
 * <tr><td>sizes</td><td>{@code maxLineLength}, {@code maxConnections}, {@code reservedConnections},
 *     {@code reservedFor}, {@code maxConnectionsPerAddress}, {@code maxSessions}, {@code maxRoutesPerSession},
 *     {@code eventQueueLimit}: see {@link io.github.maintenance.registry.RegistryLimits}; 1 024 connections of which 16 only for loopback
 *     peers, 256 per peer address, 1 024 sessions</td></tr>
 * </table>
 */
package io.github.maintenance.registry;
