package io.github.maintenance.standalone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * How a {@link Connection} moves bytes over its socket: as they are ({@link #plain}) or through
 * TLS ({@link TlsChannel}). Non-blocking: every call does what it can without waiting.
 */
interface Transport {

    /**
     * Reads application bytes.
     *
     * @param dst where to put them
     * @return the bytes read, 0 when none are available now, -1 at the end of the stream
     * @throws IOException when the connection fails (or a TLS peer misbehaves)
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes as much of {@code srcs} as the socket takes now.
     *
     * @param srcs the buffers, from {@code offset}
     * @param offset the first buffer
     * @param length the number of buffers
     * @throws IOException when the connection fails
     */
    void write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Whether the transport holds bytes of its own still to be written (TLS records).
     *
     * @return whether it needs the socket to become writable
     */
    boolean pendingOutput();

    /**
     * Whether a read that did not fill its buffer has emptied the socket, so that reading again
     * before the next readiness event would only find nothing (true of plain sockets; TLS reads
     * one record at a time).
     *
     * @return whether a short read means nothing is left
     */
    default boolean shortReadDrains() {
        return false;
    }

    /**
     * Whether a TLS handshake is still going on.
     *
     * @return {@code true} until the first application bytes can flow
     */
    boolean handshaking();

    /**
     * Ends the output: TLS's {@code close_notify} (queued; {@link #pendingOutput()} tells when it
     * is written), then half-closes the socket.
     *
     * @throws IOException when the connection fails
     */
    void shutdownOutput() throws IOException;

    /**
     * The transport of plain HTTP.
     *
     * @param channel the socket
     * @return the transport
     */
    static Transport plain(SocketChannel channel) {
        return new Transport() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return channel.read(dst);
            }

            @Override
            public void write(ByteBuffer[] srcs, int offset, int length) throws IOException {
                channel.write(srcs, offset, length);
            }

            @Override
            public boolean pendingOutput() {
                return false;
            }

            @Override
            public boolean shortReadDrains() {
                return true;
            }

            @Override
            public boolean handshaking() {
                return false;
            }

            @Override
            public void shutdownOutput() throws IOException {
                channel.shutdownOutput();
            }
        };
    }
}
