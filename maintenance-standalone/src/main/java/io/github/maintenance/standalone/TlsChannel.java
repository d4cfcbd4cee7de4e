package io.github.maintenance.standalone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking socket with an {@link SSLEngine}: the handshake is driven by the reads
 * and writes the connection makes anyway (its delegated tasks run inline: they are short, and the
 * handshake time-out bounds a client that keeps the loop busy), records are unwrapped into a
 * buffer of the engine's application size and wrapped into one of its packet size, so a
 * connection holds three buffers of about 17 KiB each. Bytes that are not TLS (plain HTTP on the
 * HTTPS port) fail the unwrap, and the connection is closed.
 *
 * <p>Not thread-safe: used by the loop thread of its connection only.
 */
final class TlsChannel implements Transport {

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Received records, in write mode. */
    private final ByteBuffer netIn;
    /** Records to send, in read mode. */
    private final ByteBuffer netOut;
    /** Decrypted bytes not yet taken, in read mode. */
    private final ByteBuffer appIn;
    private boolean eof;
    private boolean handshakeDone;

    /**
     * @param channel the socket
     * @param engine  a server-mode engine with the {@link TlsSettings}' parameters
     */
    TlsChannel(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    }

    @Override
    public boolean handshaking() {
        return !handshakeDone;
    }

    @Override
    public boolean pendingOutput() {
        return netOut.hasRemaining();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (appIn.hasRemaining()) {
                int n = Math.min(appIn.remaining(), dst.remaining());
                ByteBuffer slice = appIn.slice(appIn.position(), n);
                dst.put(slice);
                appIn.position(appIn.position() + n);
                return n;
            }
            if (!handshake()) {
                return eof ? -1 : 0;
            }
            if (engine.isInboundDone()) {
                return -1;
            }
            SSLEngineResult r = unwrap();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                return -1;
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    || r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                int n = fill();
                if (n < 0) {
                    return -1;
                }
                if (n == 0) {
                    return 0;
                }
            }
        }
    }

    @Override
    public void write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (!handshake()) {
            return;
        }
        while (flush()) {
            boolean left = false;
            for (int i = offset; i < offset + length; i++) {
                left |= srcs[i].hasRemaining();
            }
            if (!left) {
                return;
            }
            netOut.compact();
            SSLEngineResult r;
            try {
                r = engine.wrap(srcs, offset, length, netOut);
            } finally {
                netOut.flip();
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("the TLS connection is closed");
            }
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone() && flush()) {
            netOut.compact();
            try {
                engine.wrap(NOTHING, netOut);
            } finally {
                netOut.flip();
            }
        }
        if (flush() && engine.isOutboundDone()) {
            channel.shutdownOutput();
        }
    }

    /**
     * Moves the handshake on as far as it goes without waiting.
     *
     * @return whether it is done
     */
    private boolean handshake() throws IOException {
        if (handshakeDone && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
            return true;
        }
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NOT_HANDSHAKING, FINISHED -> {
                    handshakeDone = true;
                    flush();
                    return true;
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    if (!flush()) {
                        return false;
                    }
                    netOut.compact();
                    SSLEngineResult r;
                    try {
                        r = engine.wrap(NOTHING, netOut);
                    } finally {
                        netOut.flip();
                    }
                    flush();
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the TLS handshake was closed");
                    }
                }
                default -> {
                    SSLEngineResult r = unwrap();
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the TLS handshake was closed");
                    }
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                            || r.bytesConsumed() == 0 && r.getHandshakeStatus()
                                    == SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
                        int n = fill();
                        if (n <= 0) {
                            return false;
                        }
                    }
                }
            }
        }
    }

    /** Unwraps what {@link #netIn} holds into {@link #appIn}, which the callers have emptied. */
    private SSLEngineResult unwrap() throws SSLException {
        netIn.flip();
        appIn.compact();
        try {
            return engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
            netIn.compact();
        }
    }

    private int fill() throws IOException {
        if (eof) {
            return -1;
        }
        int n = channel.read(netIn);
        if (n < 0) {
            eof = true;
            try {
                engine.closeInbound();
            } catch (SSLException e) {
                // no close_notify from the peer: a truncation, which is no concern for the page
            }
        }
        return n;
    }

    /**
     * Writes pending records.
     *
     * @return whether none are left
     */
    private boolean flush() throws IOException {
        if (netOut.hasRemaining()) {
            channel.write(netOut);
        }
        return !netOut.hasRemaining();
    }
}
