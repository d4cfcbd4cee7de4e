package io.github.maintenance.registry;

import io.github.maintenance.registry.protocol.LineReader;
import io.github.maintenance.registry.protocol.Reply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLSocket;

/**
 * One client connection, served by its own thread: reads lines (bounded), hands each to the
 * command handler and writes the outcome.
 *
 * <p><b>Writing.</b> Every line is written whole under {@link #writeLock}: command replies from
 * this thread, asynchronous {@code MAINT_OK}/{@code ERROR} lines from verifications and
 * {@code EVENT} lines from the event executor. While a verification is pending (between its
 * {@code ACK} and its result) EVENT lines are held back. A write that makes no progress for the
 * write time-out is ended by the server's watchdog, which closes the socket.
 *
 * <p><b>Reading.</b> Before a session is bound the connection must register or reconnect
 * within the registration time-out, counted from the accept; once bound, the optional idle
 * time-out applies, counted from the last complete line. Both are deadlines: every read of the
 * socket waits only until the deadline ({@link DeadlineInput}), so a peer trickling bytes, one
 * line or many, never extends them. The server's watchdog closes an unregistered connection past
 * its deadline whatever it is blocked in ({@link #registrationOverdue}).
 */
final class Connection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);
    private static final long OVERDUE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    final RegistryServer server;
    final Socket raw;
    final InetAddress address;
    final String peer;
    final long number;

    /** The bound session; written under the state lock ({@link Sessions}). */
    volatile Session session;
    /** Commands refused before a session was bound (no session, failed REGISTER or RECONNECT). */
    int failures;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger eventCount = new AtomicInteger();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long acceptedNanos = System.nanoTime();
    private volatile long lastLineNanos = acceptedNanos;
    /** When the current write started, 0 when none is in progress. */
    volatile long writeStartedNanos;

    // Guarded by writeLock.
    private OutputStream out;
    private Verification awaiting;

    Connection(RegistryServer server, Socket raw, long number) {
        this.server = server;
        this.raw = raw;
        this.address = raw.getInetAddress();
        this.peer = raw.getInetAddress().getHostAddress() + ":" + raw.getPort();
        this.number = number;
    }

    @Override
    public void run() {
        try {
            Socket socket = raw;
            if (server.config().tls() != null) {
                raw.setSoTimeout(Math.max(1, timeoutMillis()));
                SSLSocket ssl = (SSLSocket) server.config().tls().getSocketFactory()
                        .createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                socket = ssl;
            }
            writeLock.lock();
            try {
                out = socket.getOutputStream();
            } finally {
                writeLock.unlock();
            }
            LineReader reader = new LineReader(new DeadlineInput(socket.getInputStream()),
                    server.config().limits().maxLineLength());
            while (!closed.get()) {
                int timeout = timeoutMillis();
                if (timeout < 0) {
                    boolean bound = session != null;
                    LOG.info("Registry connection {} closed: {}", peer, bound ? "idle time-out" : "not registered in time");
                    send(Outcome.lineThenClose(Reply.error(bound ? Reply.IDLE_TIMEOUT : Reply.AUTH_TIMEOUT)));
                    break;
                }
                LineReader.Status status;
                try {
                    status = reader.next();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (status == LineReader.Status.END) {
                    break;
                }
                if (status == LineReader.Status.TOO_LONG) {
                    server.dispatcher().lineTooLong(this);
                    LOG.info("Registry connection {} closed: line longer than {} bytes", peer,
                            server.config().limits().maxLineLength());
                    send(Outcome.lineThenClose(Reply.error(Reply.LINE_TOO_LONG)));
                    break;
                }
                lastLineNanos = System.nanoTime();
                Outcome outcome = status == LineReader.Status.INVALID_ENCODING
                        ? server.dispatcher().invalidEncoding(this)
                        : reader.line().isEmpty() ? Outcome.NOTHING : server.dispatcher().handle(this, reader.line());
                send(outcome);
                if (outcome.close()) {
                    break;
                }
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("Registry connection {} ended: {}", peer, e.toString());
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("Registry connection {} failed: {}", peer, e.toString(), e);
        } finally {
            close();
            server.connectionEnded(this);
        }
    }

    /** The read time-out to use now: 0 for none, a negative value when the deadline has passed. */
    private int timeoutMillis() {
        long deadline;
        if (session == null) {
            deadline = acceptedNanos + server.config().registrationTimeout().toNanos();
        } else if (!server.config().idleTimeout().isZero()) {
            deadline = lastLineNanos + server.config().idleTimeout().toNanos();
        } else {
            return 0;
        }
        long leftNanos = deadline - System.nanoTime();
        if (leftNanos <= 0) {
            return -1;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos + 999_999)));
    }

    /**
     * Whether this connection is still without a session past its registration deadline (with a
     * little slack, so that its own thread answers {@code ERROR|registration timeout exceeded}
     * first when it can).
     */
    boolean registrationOverdue(long nowNanos) {
        return session == null && !closed.get()
                && nowNanos - acceptedNanos > server.config().registrationTimeout().toNanos() + OVERDUE_SLACK_NANOS;
    }

    /**
     * The socket's input with the connection's deadline applied to every read: the read time-out
     * is recomputed before each one, and a read after the deadline fails at once with a
     * {@link SocketTimeoutException}, so no sequence of reads outlasts the deadline.
     */
    private final class DeadlineInput extends FilterInputStream {

        DeadlineInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            arm();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return super.read(b, off, len);
        }

        private void arm() throws IOException {
            int timeout = timeoutMillis();
            if (timeout < 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            raw.setSoTimeout(timeout);
        }
    }

    /** Writes an outcome whole, then starts its verification (whose result is written later). */
    void send(Outcome outcome) {
        if (outcome.text().isEmpty()) {
            return;
        }
        writeLock.lock();
        try {
            if (awaiting != null && awaiting.isCancelled()) {
                awaiting = null;
            }
            if (!write(outcome.text())) {
                return;
            }
            if (outcome.verification() != null) {
                awaiting = outcome.verification();
            } else {
                drainEvents();
            }
        } finally {
            writeLock.unlock();
        }
        if (outcome.verification() != null) {
            outcome.verification().start();
        }
    }

    /**
     * Writes the result line of {@code v} if it is still the one awaited: a cancelled or replaced
     * verification writes nothing.
     */
    void sendVerificationResult(Verification v, String line) {
        writeLock.lock();
        try {
            if (awaiting != v || v.isCancelled()) {
                return;
            }
            awaiting = null;
            write(line + "\n");
            drainEvents();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Queues an EVENT line; it is written by the event executor between complete replies. A
     * subscriber that lets more than the limit pile up is disconnected.
     */
    void queueEvent(String line) {
        if (closed.get()) {
            return;
        }
        if (eventCount.incrementAndGet() > server.config().limits().eventQueueLimit()) {
            LOG.warn("Registry connection {} closed: {} EVENT lines not read", peer,
                    server.config().limits().eventQueueLimit());
            close();
            return;
        }
        events.add(line);
        if (flushScheduled.compareAndSet(false, true)) {
            server.eventExecutor().execute(this::flushEvents);
        }
    }

    private void flushEvents() {
        flushScheduled.set(false);
        writeLock.lock();
        try {
            if (awaiting == null) {
                drainEvents();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes queued EVENT lines; the caller holds the write lock and no verification is awaited. */
    private void drainEvents() {
        if (events.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        String line;
        while ((line = events.poll()) != null) {
            eventCount.decrementAndGet();
            sb.append(line).append('\n');
        }
        write(sb.toString());
    }

    /** Writes under the write lock (held by the caller); false when the connection is closed or fails. */
    private boolean write(String text) {
        if (closed.get() || out == null) {
            return false;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeStartedNanos = System.nanoTime();
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            LOG.debug("Registry connection {}: write failed: {}", peer, e.toString());
            close();
            return false;
        } finally {
            writeStartedNanos = 0;
        }
    }

    /** Whether a write has been stuck for longer than {@code limitNanos}. */
    boolean writeStalled(long nowNanos, long limitNanos) {
        long started = writeStartedNanos;
        return started != 0 && nowNanos - started > limitNanos;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket (unblocking this connection's reader and any writer). Idempotent. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                raw.close();
            } catch (IOException e) {
                LOG.debug("Registry connection {}: close failed: {}", peer, e.toString());
            }
        }
    }

    /** The peer's address without the port. */
    String peerAddress() {
        return address.getHostAddress();
    }

    @Override
    public String toString() {
        return "connection " + peer;
    }
}
