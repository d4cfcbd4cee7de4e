package io.github.maintenance.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes carried by a store server's TCP connections, read from the kernel: the sum of
 * {@code bytes_sent} and {@code bytes_received} (payload bytes, TCP/IP headers not counted) over
 * every established connection whose local port is the server's, as {@code ss -tin} reports them
 * from {@code tcp_info}. The same measure for Redis and PostgreSQL; a connection opened and closed
 * between two readings is not counted (the benchmark keeps its connections open while measuring).
 */
final class ServerBytes {

    private static final Pattern SENT = Pattern.compile("\\bbytes_sent:(\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("\\bbytes_received:(\\d+)");

    private ServerBytes() {
    }

    /**
     * {@return the bytes sent plus received so far on the server's open connections, or -1 when
     * {@code ss} is missing or failed}
     *
     * @param port the server's port on the loopback interface
     */
    static long total(int port) {
        try {
            Process p = new ProcessBuilder("ss", "-tinH", "state", "established", "( sport = :" + port + " )")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return -1;
            }
            return sum(SENT, text) + sum(RECEIVED, text);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@return the sum of the pattern's numbers in {@code ss} output} */
    static long sum(Pattern pattern, String text) {
        long total = 0;
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    /** {@return the sum of every {@code bytes_sent} and {@code bytes_received} in {@code ss} output} */
    static long parse(String text) {
        return sum(SENT, text) + sum(RECEIVED, text);
    }
}
