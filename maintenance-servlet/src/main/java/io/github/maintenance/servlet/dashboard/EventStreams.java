package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.event.MaintenanceEvent;
import io.github.maintenance.event.MaintenanceListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The open server-sent-event streams of one dashboard servlet.
 *
 * <p><b>Concurrency design.</b> A stream is an {@link AsyncContext} whose output is written with
 * the servlet's non-blocking I/O ({@link WriteListener}): no container thread waits while a stream
 * is open, and a slow or dead client never blocks anyone. Each stream has a bounded queue of
 * complete SSE messages guarded by the stream's monitor; {@link #onEvent} (on the controller's
 * event thread) and the heartbeat timer only enqueue and write what the output accepts without
 * blocking; the container's {@code onWritePossible} writes the rest. A stream whose queue exceeds
 * {@value #MAX_QUEUED_BYTES} bytes (a client that stopped reading) is closed. Failed writes, the
 * stream time-out, the container's async errors and {@link #close()} all end a stream through one
 * idempotent path that completes the async context and releases its slot.
 *
 * <p>Thread-safe.
 */
final class EventStreams implements MaintenanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);

    static final int MAX_QUEUED_BYTES = 256 * 1024;
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final int maxStreams;
    private final Duration heartbeat;
    private final Duration timeout;
    private final LongSupplier version;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    EventStreams(DashboardSettings settings, LongSupplier version) {
        this.maxStreams = settings.maxStreams();
        this.heartbeat = settings.heartbeat();
        this.timeout = settings.streamTimeout();
        this.version = version;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance-dashboard-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long ms = heartbeat.toMillis();
        timer.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Number of open streams. */
    int size() {
        return open.get();
    }

    /**
     * Takes a slot, or returns {@code false} when {@code maxStreams} are open (or the servlet is
     * being destroyed).
     */
    boolean reserve() {
        if (closed) {
            return false;
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a slot taken by {@link #reserve()} that {@link #start} will not use. */
    void release() {
        open.decrementAndGet();
    }

    /**
     * Turns the request into an event stream, using the slot taken by {@link #reserve()}. The
     * response headers must already be set.
     */
    void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AsyncContext async;
        try {
            async = request.startAsync(request, response);
            async.setTimeout(timeout.toMillis());
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        Stream s = new Stream(async);
        streams.add(s);
        try {
            async.addListener(s);
            String hello = "retry: 5000\n\nevent: ready\ndata: {\"version\":" + version.getAsLong()
                    + ",\"heartbeat_ms\":" + heartbeat.toMillis() + "}\n\n";
            s.send(hello.getBytes(StandardCharsets.UTF_8));
            s.listen(response.getOutputStream());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        if (closed) {
            s.close();
        }
    }

    @Override
    public void onEvent(MaintenanceEvent event) {
        if (streams.isEmpty()) {
            return;
        }
        byte[] message = message("change", DashboardServlet.json(DashboardJson.event(event, version.getAsLong())));
        for (Stream s : streams) {
            s.send(message);
        }
    }

    private void beat() {
        for (Stream s : streams) {
            s.send(HEARTBEAT);
        }
    }

    /** Ends every open stream now; clients may open new ones. */
    void closeAll() {
        for (Stream s : streams) {
            s.close();
        }
    }

    /** Closes every stream and stops the heartbeat; further streams are refused. Idempotent. */
    void close() {
        closed = true;
        timer.shutdownNow();
        closeAll();
    }

    /** One SSE message; {@code json} is compact JSON, so it has no line break. */
    static byte[] message(String event, String json) {
        return ("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One client. */
    private final class Stream implements WriteListener, AsyncListener {
        private final AsyncContext async;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private ServletOutputStream out;
        private int queued;
        private boolean dirty;
        private boolean done;

        Stream(AsyncContext async) {
            this.async = async;
        }

        synchronized void listen(ServletOutputStream output) {
            this.out = output;
            out.setWriteListener(this);
        }

        void send(byte[] message) {
            boolean overflow = false;
            synchronized (this) {
                if (done) {
                    return;
                }
                if (queued + message.length > MAX_QUEUED_BYTES) {
                    overflow = true;
                } else {
                    queue.addLast(message);
                    queued += message.length;
                    if (out != null) {
                        overflow = !drain();
                    }
                }
            }
            if (overflow) {
                LOG.debug("Closing a dashboard event stream whose client does not read");
                close();
            }
        }

        /** Writes while the output accepts; returns false when the stream failed. Holds the monitor. */
        private boolean drain() {
            try {
                while (out.isReady()) {
                    byte[] b = queue.pollFirst();
                    if (b == null) {
                        if (!dirty) {
                            return true;
                        }
                        dirty = false;
                        out.flush();
                        continue;
                    }
                    queued -= b.length;
                    out.write(b);
                    dirty = true;
                }
                return true;
            } catch (IOException | IllegalStateException e) {
                return false;
            }
        }

        @Override
        public void onWritePossible() {
            boolean ok;
            synchronized (this) {
                if (done) {
                    return;
                }
                ok = drain();
            }
            if (!ok) {
                close();
            }
        }

        @Override
        public void onError(Throwable t) {
            close();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            close();
        }

        @Override
        public void onError(AsyncEvent event) {
            close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }

        void close() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                queue.clear();
                queued = 0;
            }
            streams.remove(this);
            open.decrementAndGet();
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed or the request is gone
            }
        }
    }
}
