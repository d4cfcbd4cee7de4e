package io.github.maintenance.registry;

import static io.github.maintenance.registry.ConfigRules.require;

import javax.net.ssl.SSLContext;

/**
 * Where and how a {@link RegistryServer} accepts connections: the address, port and backlog of its
 * server socket, TLS, and the stack of each connection's thread. Part of a {@link RegistryConfig};
 * validated on construction.
 *
 * @param bindAddress     address literal or host name, not blank
 * @param port            0 (a free port) to 65535
 * @param backlog         at least 1
 * @param tls             a context with a key, or {@code null} for plain TCP
 * @param threadStackSize 0 for the JVM's default, else at least 128 KiB
 */
record ListenSettings(String bindAddress, int port, int backlog, SSLContext tls, long threadStackSize) {

    /** The smallest stack a connection thread may be given. */
    static final long MIN_THREAD_STACK_SIZE = 128 * 1024;

    ListenSettings {
        require(bindAddress != null && !bindAddress.isBlank(), "bindAddress", bindAddress, "is required");
        require(port >= 0 && port <= 65_535, "port", port, "must be 0 to 65535");
        require(backlog >= 1, "backlog", backlog, "must be at least 1");
        require(threadStackSize == 0 || threadStackSize >= MIN_THREAD_STACK_SIZE, "threadStackSize", threadStackSize,
                "must be 0 or at least " + MIN_THREAD_STACK_SIZE);
    }
}
