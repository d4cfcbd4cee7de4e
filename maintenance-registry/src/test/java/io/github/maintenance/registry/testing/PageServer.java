package io.github.maintenance.registry.testing;

import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A real Jetty 12 on 127.0.0.1 standing in for a maintenance page or a backend: answers every
 * path with the next queued status (200 when none is queued), counts requests per path, can hold
 * requests until released, and redirects {@code /redirect?to=URL}. Close it when done (it manages
 * its own lifetime, so that a test can bring it up late on a reserved port).
 */
public final class PageServer implements AutoCloseable {

    /** Statuses to answer, in order; 200 once empty. */
    public final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    /** Requests received. */
    public final AtomicInteger requests = new AtomicInteger();
    /** Requests to {@code /target}. */
    public final AtomicInteger targetRequests = new AtomicInteger();
    private volatile CountDownLatch hold;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final JettyServer server;

    private PageServer(int port) throws Exception {
        server = JettyServerExtension.builder().port(port).servlet(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                requests.incrementAndGet();
                arrived.countDown();
                CountDownLatch h = hold;
                if (h != null) {
                    try {
                        h.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (req.getRequestURI().equals("/target")) {
                    targetRequests.incrementAndGet();
                }
                if (req.getRequestURI().equals("/redirect")) {
                    resp.setStatus(302);
                    resp.setHeader("Location", req.getParameter("to"));
                    return;
                }
                Integer s = statuses.poll();
                resp.setStatus(s == null ? 200 : s);
                resp.setContentType("text/html");
                resp.getWriter().write("<h1>maintenance</h1>");
            }
        }, "/*").start();
    }

    /** Starts on a free port. */
    public static PageServer start() throws Exception {
        return new PageServer(0);
    }

    /** Starts on the given port (for a server that comes up late on a port reserved earlier). */
    public static PageServer start(int port) throws Exception {
        return new PageServer(port);
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Holds every request until {@link #release()}. */
    public void holdRequests() {
        hold = new CountDownLatch(1);
    }

    /** Lets held requests answer. */
    public void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** Waits until the first request has arrived. */
    public boolean awaitFirstRequest() throws InterruptedException {
        return arrived.await(20, TimeUnit.SECONDS);
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI uri(String path) {
        return server.uri(path);
    }

    @Override
    public void close() {
        release();
        server.close();
    }
}
