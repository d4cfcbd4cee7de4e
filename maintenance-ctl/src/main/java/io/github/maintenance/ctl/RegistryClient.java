package io.github.maintenance.ctl;

import io.github.maintenance.registry.protocol.CommandLine;
import io.github.maintenance.registry.protocol.LineReader;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small blocking client of the registry protocol, used by {@code maintenancectl}: connect,
 * register, send a command and read its reply lines. {@code EVENT} lines that arrive while a
 * reply is awaited are handed to the event consumer, never taken for a reply.
 *
 * <p>Writes are thread-safe (a shutdown hook may write while the main thread waits); reads must
 * come from one thread at a time.
 */
public final class RegistryClient implements Closeable {

    /** A reply {@code ERROR|<text>}: the server refused the command. */
    public static final class RegistryException extends Exception {
        private static final long serialVersionUID = 1L;

        /** The text of the registry's {@code ERROR|…} reply. */
        private final String error;

        RegistryException(String text) {
            super(text);
            this.error = text;
        }

        /**
         * The text of the registry's {@code ERROR|…} reply.
         *
         * @return the text (a protocol value, not a message to parse)
         */
        public String error() {
            return error;
        }
    }

    private final Socket socket;
    private final LineReader reader;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private volatile Consumer<String> events = line -> { };
    private String sessionId;

    private RegistryClient(Socket socket) throws IOException {
        this.socket = socket;
        this.reader = new LineReader(socket.getInputStream(), 1 << 20);
        this.out = socket.getOutputStream();
    }

    /**
     * Connects, over TLS when {@code tls} is not {@code null}; replies are awaited at most
     * {@code readTimeout} (zero: without limit).
     *
     * @param host           the registry's host
     * @param port           the registry's port
     * @param tls            the TLS context, or {@code null} for plain TCP
     * @param connectTimeout the longest wait for the connection
     * @param readTimeout    the longest wait for a reply (zero: without limit)
     * @return the connected client
     * @throws IOException when it cannot connect
     */
    public static RegistryClient connect(String host, int port, SSLContext tls, Duration connectTimeout,
            Duration readTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) readTimeout.toMillis());
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, host, port, true);
                ssl.setUseClientMode(true);
                ssl.startHandshake();
                return new RegistryClient(ssl);
            }
            return new RegistryClient(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Where EVENT lines go (default: dropped).
     *
     * @param consumer receives each EVENT line
     */
    public void onEvent(Consumer<String> consumer) {
        this.events = consumer;
    }

    /**
     * {@code REGISTER|service|instance|0|{"auth_token":…}} (or {@code null} metadata without a
     * token).
     *
     * @param service  the service name
     * @param instance the instance name
     * @param token    the auth token, or {@code null}
     * @return the session id
     * @throws IOException when the connection fails or is closed
     * @throws RegistryException for an {@code ERROR|…} reply
     */
    public String register(String service, String instance, String token) throws IOException, RegistryException {
        String metadata = "null";
        if (token != null && !token.isEmpty()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("auth_token", token);
            metadata = WireJson.write(m);
        }
        String reply = call(CommandLine.join("REGISTER", service, instance, "0", metadata));
        sessionId = Reply.payload(reply);
        return sessionId;
    }

    /**
     * The session id from {@link #register}.
     *
     * @return the session id, or {@code null} before a registration
     */
    public String sessionId() {
        return sessionId;
    }

    /**
     * Sends one line.
     *
     * @param line the line, without its line feed
     * @throws IOException when the connection fails or is closed
     */
    public void send(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            out.write(bytes);
            out.flush();
        }
    }

    /**
     * Sends a line and returns its reply (EVENT lines in between go to the event consumer).
     *
     * @param line the line, without its line feed
     * @return the reply line
     * @throws IOException when the connection fails or is closed
     * @throws RegistryException for an {@code ERROR|…} reply
     */
    public String call(String line) throws IOException, RegistryException {
        send(line);
        return reply();
    }

    /**
     * Reads the next reply line, skipping EVENT lines.
     *
     * @return the reply line
     * @throws IOException when the connection fails or is closed
     * @throws RegistryException for an {@code ERROR|…} reply
     */
    public String reply() throws IOException, RegistryException {
        String line = readLine();
        if (line.startsWith(Reply.ERROR + "|") || line.equals(Reply.ERROR)) {
            throw new RegistryException(Reply.payload(line));
        }
        return line;
    }

    /**
     * Reads lines until one starts with {@code MAINT_OK} (returned) or {@code ERROR} (thrown),
     * skipping anything else, as the Go client does after an {@code ACK}.
     *
     * @return the {@code MAINT_OK} line
     * @throws IOException when the connection fails or is closed
     * @throws RegistryException for an {@code ERROR|…} line
     */
    public String awaitMaintOk() throws IOException, RegistryException {
        while (true) {
            String line = reply();
            if (line.startsWith(Reply.MAINT_OK)) {
                return line;
            }
        }
    }

    /** Reads the next line that is not an EVENT line; throws {@link IOException} at the end of the stream. */
    private String readLine() throws IOException {
        while (true) {
            String line = nextLine();
            if (line.startsWith(Reply.EVENT + "|")) {
                events.accept(line);
                continue;
            }
            return line;
        }
    }

    /**
     * The next line of any kind.
     *
     * @return the line
     * @throws IOException when the connection fails or is closed
     */
    public String nextLine() throws IOException {
        while (true) {
            LineReader.Status s = reader.next();
            switch (s) {
                case LINE:
                    if (reader.line().isEmpty()) {
                        continue;
                    }
                    return reader.line();
                case END:
                    throw new IOException("the registry closed the connection");
                default:
                    throw new IOException("unreadable reply from the registry (" + s + ")");
            }
        }
    }

    /**
     * Sets how long a read waits.
     *
     * @param d the longest wait (zero: without limit)
     * @throws IOException when the socket is closed
     */
    public void readTimeout(Duration d) throws IOException {
        socket.setSoTimeout((int) d.toMillis());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
