package io.github.maintenance.registry;

/**
 * What a command handler wants written: one or more complete lines (each ending in {@code \n}),
 * optionally a verification that starts once they are written (its result is the command's last
 * line, written later), and whether the connection closes afterwards.
 */
record Outcome(String text, Verification verification, boolean close) {

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
        return new Outcome("ACK\n", v, false);
    }

    /** Nothing to write (an empty line). */
    static final Outcome NOTHING = new Outcome("", null, false);
}
