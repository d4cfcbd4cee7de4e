package io.github.maintenance.registry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw line client for tests: writes lines and reads reply lines over a real socket, the way the
 * Go client does (no parsing beyond the line). Reads wait at most 20 s. Not thread-safe.
 */
public final class Wire implements AutoCloseable {

    /** How long a read waits for a line. */
    public static final int READ_TIMEOUT_MS = 20_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port}. */
    public static Wire connect(int port) {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            return new Wire(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wraps an already connected socket (a TLS one, say). */
    public static Wire over(Socket socket) {
        try {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            return new Wire(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code line} and a {@code \n}. */
    public Wire send(String line) {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends bytes as they are. */
    public Wire sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one line (without its {@code \n}); fails on end of stream or after 20 s. */
    public String read() {
        String line = readOrNull();
        if (line == null) {
            throw new IllegalStateException("the server closed the connection");
        }
        return line;
    }

    /** Reads one line, or {@code null} at the end of the stream. */
    public String readOrNull() {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
                }
                if (b == '\n') {
                    return buf.toString(StandardCharsets.UTF_8);
                }
                buf.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("no line within " + READ_TIMEOUT_MS + " ms", e);
        } catch (IOException e) {
            return null;
        }
    }

    /** Sends a line and reads the reply. */
    public String call(String line) {
        send(line);
        return read();
    }

    /** Registers {@code service/instance} with the given metadata JSON and returns the session id. */
    public String register(String service, String instance, String metadata) {
        String reply = call("REGISTER|" + service + "|" + instance + "|8080|" + metadata);
        if (!reply.startsWith("ACK|")) {
            throw new IllegalStateException("REGISTER refused: " + reply);
        }
        return reply.substring(4);
    }

    /** Registers with {@code null} metadata, as the Go client does without metadata. */
    public String register(String service, String instance) {
        return register(service, instance, "null");
    }

    /** Whether the server closed the connection: the next read sees the end of the stream (waits up to 20 s). */
    public boolean closedByServer() {
        return readOrNull() == null;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
