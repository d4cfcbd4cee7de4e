package io.github.maintenance.standalone;

import io.github.maintenance.page.NegotiationCache;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLEngine;

/**
 * One thread with one {@link Selector}, serving many {@link Connection}s. The first loop of a
 * server also accepts on its listeners and hands each new connection to the loops in turn
 * (itself included); over {@link ConnectionLimits#maxConnections()} it closes a new connection
 * at once. Every 100 ms each loop closes the connections whose deadline has passed.
 *
 * <p>{@link #stop()} stops accepting at once; connections with an answer in progress get up to a
 * second to finish, the others are closed, and the thread ends after closing its selector (which
 * is when the listening sockets are really closed).
 */
final class IoLoop implements Runnable {

    private static final long SWEEP = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long GRACE = TimeUnit.SECONDS.toNanos(1);
    private static final int ACCEPTS_PER_EVENT = 256;

    /** A listener: its channel and, for HTTPS, its TLS settings. */
    record Listener(ServerSocketChannel channel, TlsSettings tls) {
    }

    private final Selector selector;
    private final PreparedResponses prepared;
    private final ConnectionLimits limits;
    private final List<Listener> listeners;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final NegotiationCache negotiation = new NegotiationCache();
    private final AtomicInteger next = new AtomicInteger();
    /** Answers queued so far; written by this loop's thread only. */
    private final AtomicLong answered = new AtomicLong();
    private List<IoLoop> loops = List.of(this);
    private PreparedResponses.Snapshot snapshot;
    private volatile boolean stopping;
    private long stopDeadline;
    /** When accepting was paused after an error, or 0. */
    private long acceptPausedAt;
    private long now;

    /**
     * @param prepared  the responses
     * @param limits    the connection limits, shared by the server's loops
     * @param listeners the listeners to accept on (only the first loop's), possibly none
     * @throws IOException when no selector can be opened
     */
    IoLoop(PreparedResponses prepared, ConnectionLimits limits, List<Listener> listeners) throws IOException {
        this.selector = Selector.open();
        this.prepared = prepared;
        this.limits = limits;
        this.listeners = listeners;
        this.snapshot = prepared.current();
        for (Listener l : listeners) {
            l.channel().configureBlocking(false);
            l.channel().register(selector, SelectionKey.OP_ACCEPT, l);
        }
    }

    /** The loops new connections are spread over; set before the threads start. */
    void spreadOver(List<IoLoop> all) {
        this.loops = List.copyOf(all);
    }

    ConnectionLimits limits() {
        return limits;
    }

    /** The responses of the current second. */
    PreparedResponses.Snapshot responses() {
        return snapshot;
    }

    boolean stopping() {
        return stopping;
    }

    /** Counts an answer queued; called on this loop's thread. */
    void answeredOne() {
        answered.lazySet(answered.get() + 1);
    }

    /** The answers queued so far. */
    long answered() {
        return answered.get();
    }

    /** The index of the answer for these negotiation headers (outcomes cached per distinct header value). */
    int negotiate(String accept, String acceptLanguage) {
        return prepared.index(negotiation.variant(accept), negotiation.language(prepared.page(), acceptLanguage));
    }

    /**
     * Closes connections handed over after the thread ended (the server calls it once every loop
     * has ended, so that none stays open or counted).
     */
    void closeLeftovers() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    /** Asks the loop to stop; returns at once. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        long lastSweep = System.nanoTime();
        try {
            while (true) {
                selector.select(100);
                now = System.nanoTime();
                snapshot = prepared.current();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.attachment() instanceof Connection c) {
                        c.handle(key.readyOps(), now);
                    } else if (key.attachment() instanceof Listener l) {
                        accept(l);
                    }
                }
                if (stopping && stopDeadline == 0) {
                    stopDeadline = now + GRACE;
                    for (Listener l : listeners) {
                        close(l.channel());
                    }
                }
                if (now - lastSweep >= SWEEP || stopping) {
                    lastSweep = now;
                    resumeAccepting();
                    if (sweep() && stopping || stopping && now - stopDeadline >= 0) {
                        break;
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector failed: close what is left below
        } finally {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Connection c) {
                    c.close();
                }
            }
            for (Listener l : listeners) {
                close(l.channel());
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            try {
                selector.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }

    /** Accepts again a sweep after an accept error paused it. */
    private void resumeAccepting() {
        if (acceptPausedAt == 0 || stopping || now - acceptPausedAt < SWEEP) {
            return;
        }
        acceptPausedAt = 0;
        for (Listener l : listeners) {
            SelectionKey key = l.channel().keyFor(selector);
            if (key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }
    }

    /**
     * Closes connections past their deadline, and all quiet ones when stopping.
     *
     * @return whether no connection is left
     */
    private boolean sweep() {
        boolean none = true;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Connection c) {
                if (stopping && c.quiet()) {
                    c.close();
                } else {
                    c.checkDeadline(now);
                }
                none &= !key.isValid();
            }
        }
        return none;
    }

    private void accept(Listener l) {
        for (int i = 0; i < ACCEPTS_PER_EVENT && !stopping; i++) {
            SocketChannel ch;
            try {
                ch = l.channel().accept();
            } catch (IOException e) {
                // Out of file descriptors, most likely: pause accepting rather than spin on the error.
                SelectionKey key = l.channel().keyFor(selector);
                if (key != null && key.isValid()) {
                    key.interestOps(0);
                    acceptPausedAt = now;
                }
                return;
            }
            if (ch == null) {
                return;
            }
            if (!limits.tryOpen()) {
                close(ch);
                continue;
            }
            IoLoop target = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
            if (target == this) {
                adopt(ch, l.tls());
            } else {
                target.tasks.add(() -> target.adopt(ch, l.tls()));
                target.selector.wakeup();
            }
        }
    }

    /** Registers a counted connection; runs on this loop's thread. */
    private void adopt(SocketChannel ch, TlsSettings tls) {
        if (stopping || !selector.isOpen()) {
            close(ch);
            limits.closed();
            return;
        }
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Transport t;
            if (tls == null) {
                t = Transport.plain(ch);
            } else {
                SSLEngine engine = tls.context().createSSLEngine();
                engine.setUseClientMode(false);
                engine.setSSLParameters(tls.parameters());
                engine.beginHandshake();
                t = new TlsChannel(ch, engine);
            }
            Connection c = new Connection(this, ch, t, System.nanoTime());
            c.register(ch.register(selector, SelectionKey.OP_READ, c));
        } catch (IOException | RuntimeException e) {
            close(ch);
            limits.closed();
        }
    }

    private static void close(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
