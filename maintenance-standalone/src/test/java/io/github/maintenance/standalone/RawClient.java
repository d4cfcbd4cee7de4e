package io.github.maintenance.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A blocking HTTP/1.1 client over one socket to 127.0.0.1, for what {@code HttpClient} does not
 * do: several requests in one write (pipelining), bytes exactly as written, reading answers one
 * by one by their {@code Content-Length}, and telling whether the server closed the connection.
 * Reads time out after 10 s.
 */
final class RawClient implements AutoCloseable {

    /** One answer: its status, header lines as received, and body. */
    record Answer(int status, List<String> headerLines, byte[] body) {

        /** The first value of a header, case-insensitive, or {@code null}. */
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawClient connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawClient(s);
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one answer; its body by {@code Content-Length}, none when {@code head}. */
    Answer read(boolean head) throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("the connection was closed before an answer");
        }
        List<String> headers = new ArrayList<>();
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            headers.add(line);
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        Answer a = new Answer(code, headers, new byte[0]);
        String length = a.header("Content-Length");
        if (head || length == null) {
            return a;
        }
        byte[] body = in.readNBytes(Integer.parseInt(length));
        return new Answer(code, headers, body);
    }

    Answer read() throws IOException {
        return read(false);
    }

    /** Whether the server has closed the connection: the next read gives end of stream (or a reset). */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Reads one byte: -1 at end of stream. */
    int readByte() throws IOException {
        return in.read();
    }

    /** Reads until the server closes; a reset counts as a close. */
    byte[] readToEnd() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            in.transferTo(b);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (IOException e) {
            // reset: closed
        }
        return b.toByteArray();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
