package io.github.maintenance.standalone;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits every connection of one server lives under, and the count of its open connections.
 * Beyond {@link #maxConnections()} a new connection is accepted and closed at once, so that the
 * client learns right away that the server is full instead of waiting in the listen queue.
 *
 * <p>Thread-safe.
 */
final class ConnectionLimits {

    /** The most body bytes of one request that are read and thrown away; a longer body is not read. */
    static final long MAX_DISCARDED_BODY = 1024 * 1024;
    /** The most answers queued on one connection; beyond, its requests are not read until they drain. */
    static final int MAX_QUEUED = 16;
    /** How long a connection is read (and what comes thrown away) after its last answer, before closing. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final int maxConnections;
    private final long requestTimeout;
    private final long idleTimeout;
    private final long handshakeTimeout;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param maxConnections   the most open connections
     * @param requestTimeout   the time a request head (or its body) may take from its first byte,
     *                         and the most time a client may leave the answer unread
     * @param idleTimeout      the time a kept-alive connection may wait for its next request
     * @param handshakeTimeout the time a TLS handshake may take from the connection's accept
     */
    ConnectionLimits(int maxConnections, Duration requestTimeout, Duration idleTimeout, Duration handshakeTimeout) {
        this.maxConnections = maxConnections;
        this.requestTimeout = requestTimeout.toNanos();
        this.idleTimeout = idleTimeout.toNanos();
        this.handshakeTimeout = handshakeTimeout.toNanos();
    }

    int maxConnections() {
        return maxConnections;
    }

    long requestTimeoutNanos() {
        return requestTimeout;
    }

    long idleTimeoutNanos() {
        return idleTimeout;
    }

    long handshakeTimeoutNanos() {
        return handshakeTimeout;
    }

    /**
     * Counts a new connection if there is room for it.
     *
     * @return whether it may stay open; if so, {@link #closed()} must follow once
     */
    boolean tryOpen() {
        while (true) {
            int n = open.get();
            if (n >= maxConnections) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Counts a connection closed. */
    void closed() {
        open.decrementAndGet();
    }

    /** The connections open now. */
    int open() {
        return open.get();
    }
}
