package io.github.maintenance.ctl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Runs maintenancectl in-process with {@code --port} of a test registry put first, and keeps what
 * it printed (stdout and stderr apart, accumulated until {@link #reset()}).
 */
final class CtlRunner {

    private final IntSupplier port;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    CtlRunner(IntSupplier port) {
        this.port = port;
    }

    /** {@code maintenancectl --port <registry> args...} with an empty environment. */
    int run(String... args) {
        return run(Map.of(), args);
    }

    /** {@code maintenancectl --port <registry> args...} with {@code env}. */
    int run(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(port.getAsInt())));
        all.addAll(List.of(args));
        return raw(env, all.toArray(String[]::new));
    }

    /** {@code maintenancectl args...} exactly as given, with an empty environment. */
    int raw(String... args) {
        return raw(Map.of(), args);
    }

    int raw(Map<String, String> env, String... args) {
        return MaintenanceCtl.run(args, print(out), print(err), env);
    }

    private static PrintStream print(ByteArrayOutputStream o) {
        return new PrintStream(o, true, StandardCharsets.UTF_8);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void reset() {
        out.reset();
        err.reset();
    }
}
