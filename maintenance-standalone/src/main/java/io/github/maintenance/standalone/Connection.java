package io.github.maintenance.standalone;

import io.github.maintenance.standalone.PreparedResponses.Form;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One client connection on an {@link IoLoop}: reads request heads into a buffer that starts at
 * 2 KiB and grows up to {@link RequestParser#MAX_HEAD}, answers each request (pipelined ones in
 * order) by queueing a prepared response, and writes the queue out as the socket takes it.
 *
 * <ul>
 *   <li>Back-pressure: with {@link ConnectionLimits#MAX_QUEUED} answers queued, no more requests
 *       are read until the client has read some; the queue holds views of shared bytes only.</li>
 *   <li>Time-outs ({@link ConnectionLimits}): a TLS handshake from the accept; a request head
 *       (and a body to skip) from its first byte, not extended by trickling bytes; the wait for
 *       the next request of a kept-alive connection; the time the client leaves the answer
 *       unread without taking any of it.</li>
 *   <li>Closing after an answer ({@code Connection: close}, HTTP/1.0, a refused request): the
 *       output is shut once written (with TLS's {@code close_notify}), and what the client still
 *       sends is read and dropped for up to {@link ConnectionLimits#LINGER}, so that unread input
 *       does not reset the connection before the client has read the answer.</li>
 * </ul>
 *
 * <p>Not thread-safe: used by its loop's thread only.
 */
final class Connection {

    private static final int INITIAL_BUFFER = 2048;

    /** What the connection waits for, which decides its deadline. */
    private enum Phase { HANDSHAKE, IDLE, HEAD, BODY, LINGER }

    private final IoLoop loop;
    private final SocketChannel channel;
    private final Transport transport;
    private final ConnectionLimits limits;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(ConnectionLimits.MAX_QUEUED);
    private final ByteBuffer[] gather = new ByteBuffer[ConnectionLimits.MAX_QUEUED];
    private SelectionKey key;
    private ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER);
    /** The first unprocessed byte of {@link #in}; bytes up to its position are received. */
    private int start;
    /** How far the current head has been scanned for its end. */
    private int scanned;
    private long bodyLeft;
    private Phase phase;
    private long deadline;
    private long writeDeadline;
    private boolean closeAfterWrite;
    private boolean closed;

    /**
     * @param loop      the loop it runs on
     * @param channel   the accepted socket, non-blocking
     * @param transport plain or TLS
     * @param now       {@link System#nanoTime()} at the accept
     */
    Connection(IoLoop loop, SocketChannel channel, Transport transport, long now) {
        this.loop = loop;
        this.channel = channel;
        this.transport = transport;
        this.limits = loop.limits();
        if (transport.handshaking()) {
            phase = Phase.HANDSHAKE;
            deadline = now + limits.handshakeTimeoutNanos();
        } else {
            phase = Phase.IDLE;
            deadline = now + limits.requestTimeoutNanos();
        }
    }

    void register(SelectionKey k) {
        this.key = k;
    }

    /** Whether the connection can be closed right away when the server stops: nothing in progress. */
    boolean quiet() {
        return out.isEmpty() && !transport.pendingOutput() && (phase == Phase.IDLE || phase == Phase.HANDSHAKE
                || phase == Phase.LINGER);
    }

    /**
     * Closes the connection when its deadline has passed.
     *
     * @param now {@link System#nanoTime()}
     */
    void checkDeadline(long now) {
        boolean writing = !out.isEmpty() || transport.pendingOutput();
        long d = writing && phase != Phase.LINGER ? writeDeadline : deadline;
        if (now - d >= 0) {
            close();
        }
    }

    /**
     * Handles readiness: writes what is queued, reads and answers requests, writes again.
     *
     * @param ready the ready operations
     * @param now   {@link System#nanoTime()}
     */
    void handle(int ready, long now) {
        try {
            boolean backedUp = out.size() >= ConnectionLimits.MAX_QUEUED;
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                flush(now);
            }
            boolean again = (ready & SelectionKey.OP_READ) != 0 || backedUp || transport.handshaking();
            while (again && !closed) {
                // Requests already received stay unread while the queue is full: once the writes
                // have made room, read on without waiting for the socket to signal new bytes.
                boolean held = read(now);
                flush(now);
                again = held && out.size() < ConnectionLimits.MAX_QUEUED;
            }
            if (!closed) {
                interest();
            }
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    /**
     * Reads and answers requests.
     *
     * @return whether it stopped because the queue of answers is full
     */
    private boolean read(long now) throws IOException {
        if (phase == Phase.LINGER) {
            drop();
            return false;
        }
        while (!closed && !closeAfterWrite && out.size() < ConnectionLimits.MAX_QUEUED) {
            if (!room()) {
                process(now);
                if (!room()) {
                    return out.size() >= ConnectionLimits.MAX_QUEUED;
                }
                continue;
            }
            int room = in.remaining();
            int n = transport.read(in);
            if (phase == Phase.HANDSHAKE && !transport.handshaking()) {
                phase = Phase.IDLE;
                deadline = now + limits.requestTimeoutNanos();
            }
            if (n < 0) {
                // The client has finished sending: answer what it sent (as the queue allows), then close.
                process(now);
                if (out.size() >= ConnectionLimits.MAX_QUEUED && in.position() > start) {
                    return true;
                }
                closeAfterWrite = true;
                if (out.isEmpty() && !transport.pendingOutput()) {
                    close();
                }
                return false;
            }
            if (n == 0) {
                if (in.position() > start) {
                    process(now);
                }
                return out.size() >= ConnectionLimits.MAX_QUEUED && !closeAfterWrite;
            }
            process(now);
            if (n < room && transport.shortReadDrains()) {
                // The socket is empty: the next readiness event says when more has come.
                break;
            }
        }
        return !closed && !closeAfterWrite && out.size() >= ConnectionLimits.MAX_QUEUED;
    }

    /** Makes room in {@link #in} for a read; {@code false} when a whole head's worth is waiting. */
    private boolean room() {
        if (in.hasRemaining()) {
            return true;
        }
        if (start > 0) {
            in.flip().position(start);
            in.compact();
            scanned = Math.max(0, scanned - start);
            start = 0;
            return true;
        }
        if (in.capacity() < RequestParser.MAX_HEAD) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(RequestParser.MAX_HEAD, in.capacity() * 2));
            in.flip();
            bigger.put(in);
            in = bigger;
            return true;
        }
        return false;
    }

    /** Answers every complete request in {@link #in}, as far as the queue allows. */
    private void process(long now) {
        byte[] a = in.array();
        int end = in.position();
        while (!closeAfterWrite && out.size() < ConnectionLimits.MAX_QUEUED) {
            if (bodyLeft > 0) {
                int n = (int) Math.min(bodyLeft, end - start);
                start += n;
                bodyLeft -= n;
                if (bodyLeft > 0) {
                    break;
                }
                idle(now);
            }
            int first = RequestParser.skipEmptyLines(a, start, end);
            if (first > start) {
                start = first;
                scanned = first;
            }
            if (start == end) {
                break;
            }
            if (phase == Phase.IDLE) {
                phase = Phase.HEAD;
                deadline = now + limits.requestTimeoutNanos();
            }
            int headEnd = RequestParser.headEnd(a, Math.max(start, scanned - 3), end);
            if (headEnd < 0 && end - start < RequestParser.MAX_HEAD) {
                scanned = end;
                break;
            }
            if (headEnd < 0 || headEnd - start > RequestParser.MAX_HEAD) {
                refuse(loop.responses().headTooLarge(), now);
                break;
            }
            RequestHead head;
            try {
                head = RequestParser.parse(a, start, headEnd);
            } catch (RequestParser.BadRequest e) {
                refuse(loop.responses().badRequest(), now);
                break;
            }
            start = headEnd;
            scanned = headEnd;
            answer(head, now);
        }
        if (start == end) {
            in.clear();
            start = 0;
            scanned = 0;
            if (in.capacity() > INITIAL_BUFFER && bodyLeft == 0) {
                in = ByteBuffer.allocate(INITIAL_BUFFER);
            }
        }
    }

    private void answer(RequestHead head, long now) {
        boolean unreadBody = head.chunked() || head.contentLength() > ConnectionLimits.MAX_DISCARDED_BODY
                || head.expectContinue() && head.contentLength() > 0;
        boolean keep = head.keepAlive() && !unreadBody && !loop.stopping();
        Form form = !keep ? Form.CLOSE : head.http10() ? Form.KEEP_ALIVE : Form.KEEP;
        PreparedResponses.Snapshot s = loop.responses();
        queue(head.health() ? s.health(head.head(), form)
                : s.page(loop.negotiate(head.accept(), head.acceptLanguage()), head.head(), form), now);
        if (!keep) {
            closeAfterWrite = true;
        } else if (head.contentLength() > 0) {
            bodyLeft = head.contentLength();
            phase = Phase.BODY;
            deadline = now + limits.requestTimeoutNanos();
        } else {
            idle(now);
        }
    }

    private void refuse(ByteBuffer response, long now) {
        queue(response, now);
        closeAfterWrite = true;
    }

    private void idle(long now) {
        phase = Phase.IDLE;
        deadline = now + limits.idleTimeoutNanos();
    }

    private void queue(ByteBuffer response, long now) {
        if (out.isEmpty()) {
            writeDeadline = now + limits.requestTimeoutNanos();
        }
        out.add(response);
        loop.answeredOne();
    }

    /** Writes what the socket takes; shuts the output once everything of a closing connection is out. */
    private void flush(long now) throws IOException {
        if (closed) {
            return;
        }
        boolean wrote = false;
        while (!out.isEmpty() || transport.pendingOutput()) {
            wrote = true;
            int n = 0;
            long before = 0;
            for (ByteBuffer b : out) {
                gather[n++] = b;
                before += b.remaining();
            }
            boolean pendingBefore = transport.pendingOutput();
            transport.write(gather, 0, n);
            long after = 0;
            for (int i = 0; i < n; i++) {
                after += gather[i].remaining();
                gather[i] = null;
            }
            while (!out.isEmpty() && !out.peekFirst().hasRemaining()) {
                out.pollFirst();
            }
            if (after < before || pendingBefore && !transport.pendingOutput()) {
                writeDeadline = now + limits.requestTimeoutNanos();
            }
            if (after == before && (transport.pendingOutput() || after > 0)) {
                break;
            }
        }
        if (out.isEmpty() && !transport.pendingOutput()) {
            if (wrote && phase == Phase.IDLE) {
                deadline = Math.max(deadline, now + limits.idleTimeoutNanos());
            }
            if (closeAfterWrite && phase != Phase.LINGER) {
                phase = Phase.LINGER;
                deadline = now + ConnectionLimits.LINGER.toNanos();
                transport.shutdownOutput();
                drop();
            } else if (phase == Phase.LINGER) {
                transport.shutdownOutput();
            }
        }
    }

    /**
     * Reads and drops what a closing client still sends; closes at its end. The socket is read
     * directly: after the last answer (and TLS's {@code close_notify}) nothing needs decrypting.
     */
    private void drop() throws IOException {
        while (!closed) {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                close();
            } else if (n == 0) {
                return;
            }
        }
    }

    private void interest() {
        int ops = 0;
        boolean writing = !out.isEmpty() || transport.pendingOutput();
        if (phase == Phase.LINGER || transport.handshaking()
                || !closeAfterWrite && out.size() < ConnectionLimits.MAX_QUEUED) {
            ops |= SelectionKey.OP_READ;
        }
        if (writing) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Closes the socket (once) and counts it closed. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.clear();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        limits.closed();
    }
}
