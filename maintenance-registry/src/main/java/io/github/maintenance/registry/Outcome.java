package io.github.maintenance.registry;

import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;

import java.nio.charset.StandardCharsets;

/**
 * What a command handler wants written: one or more complete lines (each ending in {@code \n}),
 * optionally a verification that starts once they are written (its result is the command's last
 * line, written later), and whether the connection closes afterwards.
 */
record Outcome(String text, Verification verification, boolean close) {

    /** Longest reply line in bytes (the Go client reads lines below 64 KiB). */
    static final int MAX_REPLY_BYTES = 65_535;

    static Outcome line(String line) {
        return new Outcome(line + "\n", null, false);
    }

    static Outcome lines(String first, String second) {
        return new Outcome(first + "\n" + second + "\n", null, false);
    }

    static Outcome lineThenClose(String line) {
        return new Outcome(line + "\n", null, true);
    }

    static Outcome ackThenVerify(Verification v) {
        return new Outcome(Reply.ACK + "\n", v, false);
    }

    /** {@code <token>|<json>}, or {@code ERROR|response too large} when the line would not fit. */
    static Outcome json(String token, Object payload) {
        String line = token + "|" + WireJson.write(payload);
        if (line.length() * 3 >= MAX_REPLY_BYTES && line.getBytes(StandardCharsets.UTF_8).length >= MAX_REPLY_BYTES) {
            return line(Reply.error(Reply.RESPONSE_TOO_LARGE));
        }
        return line(line);
    }

    /** Nothing to write (an empty line). */
    static final Outcome NOTHING = new Outcome("", null, false);
}
