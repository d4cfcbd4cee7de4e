package io.github.maintenance.registry;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.Target;
import io.github.maintenance.UrlPolicy;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.registry.protocol.Command;
import io.github.maintenance.registry.protocol.CommandLine;
import io.github.maintenance.registry.protocol.LineReader;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.RouteSpec;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.protocol.WireTime;
import io.github.maintenance.registry.testing.RegistryFixture;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.state.RouteState;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Fuzz targets for the registry's wire input: the line reader, every command line driven through
 * the registry's own {@link Dispatcher} into a real controller, route specs and wire times. Plain
 * {@code mvn verify} replays the inputs under
 * {@code src/test/resources/io/github/maintenance/registry/RegistryFuzzTestInputs/<method>/};
 * {@code scripts/fuzz RegistryFuzzTest#<method> [seconds]} fuzzes one of them (docs/fuzzing.md).
 */
class RegistryFuzzTest {

    /**
     * The connection's socket: only its address is read (for the peer's name and the per-address
     * limits); nothing is sent or received, the dispatcher's replies are returned, not written.
     */
    private static final Socket PEER = new Socket() {
        @Override
        public InetAddress getInetAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public int getPort() {
            return 40_000;
        }
    };

    // ---- line reader ---------------------------------------------------------------------------

    /**
     * Byte 0 picks the line limit (1 to 256), byte 1 the size of each read (1 to 64); the rest
     * arrives on the stream. The lines must be what a plain split on {@code \n} gives.
     */
    @FuzzTest(maxDuration = "60s")
    void lineReader(byte[] input) throws IOException {
        if (input.length < 2) {
            return;
        }
        int max = (input[0] & 0xFF) + 1;
        int chunk = (input[1] & 0x3F) + 1;
        byte[] data = Arrays.copyOfRange(input, 2, input.length);
        LineReader reader = new LineReader(new Trickle(data, chunk), max);
        int pos = 0;
        while (true) {
            LineReader.Status got = reader.next();
            int nl = indexOf(data, (byte) '\n', pos);
            int at = pos;
            if (nl < 0) {
                LineReader.Status expected = data.length - pos > max ? LineReader.Status.TOO_LONG : LineReader.Status.END;
                check(got == expected, () -> "at " + at + " expected " + expected + " but got " + got);
                return;
            }
            int len = nl - pos;
            if (len > max) {
                check(got == LineReader.Status.TOO_LONG, () -> "a line of " + len + " bytes over " + max + " gave " + got);
                return;
            }
            int textLen = len > 0 && data[nl - 1] == '\r' ? len - 1 : len;
            String expected = utf8(data, pos, textLen);
            if (expected == null) {
                check(got == LineReader.Status.INVALID_ENCODING, () -> "invalid UTF-8 at " + at + " gave " + got);
            } else {
                check(got == LineReader.Status.LINE && expected.equals(reader.line()),
                        () -> "at " + at + " expected '" + expected + "' but got " + got + " '" + reader.line() + "'");
            }
            pos = nl + 1;
        }
    }

    /** A stream that hands out at most {@code chunk} bytes per read, as a socket may. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        Trickle(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String utf8(byte[] data, int from, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, from, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---- commands into a real controller -------------------------------------------------------

    /**
     * The input is what a registered client sends: lines read by the {@link LineReader} and
     * handled by the registry's {@link Dispatcher} (the server's own parsing and handling path,
     * without the socket), driving a real controller. No command may fail inside the server
     * ({@code ERROR|internal error}); a refused command ({@code ERROR|…}) leaves the controller's
     * very same snapshot; afterwards the controller still takes a valid change.
     * {@code BACKEND_TEST} lines are skipped: they make an outbound HTTP request.
     */
    @FuzzTest(maxDuration = "60s")
    void commands(byte[] input) throws IOException {
        // A fresh registry and controller for every input: a finding replays on its own.
        try (RegistryFixture fx = RegistryFixture.start(b -> b.urlPolicy(UrlPolicy.allowHosts(Set.of("127.0.0.1"))))) {
            MaintenanceController controller = fx.controller;
            Dispatcher dispatcher = fx.registry.dispatcher();
            Connection c = new Connection(fx.registry, PEER, 1);
            String registered = dispatcher.handle(c, "REGISTER|fuzz|i-1|8080|null").text();
            check(registered.startsWith(Reply.ACK + "|"), () -> "REGISTER refused: " + registered);

            LineReader reader = new LineReader(new ByteArrayInputStream(input), fx.registry.config().limits().maxLineLength());
            LineReader.Status status;
            while ((status = reader.next()) != LineReader.Status.END && status != LineReader.Status.TOO_LONG) {
                if (status != LineReader.Status.LINE || reader.line().isEmpty()) {
                    continue;
                }
                String line = reader.line();
                if (CommandLine.parse(line).command() == Command.BACKEND_TEST) {
                    continue;
                }
                settle(fx.registry);
                MaintenanceSnapshot before = controller.snapshot();
                Outcome outcome = dispatcher.handle(c, line);
                String reply = outcome.text();
                check(!reply.equals(Reply.error(Reply.INTERNAL_ERROR) + "\n"), () -> "'" + line + "' failed inside the server");
                if (reply.startsWith("ERROR|")) {
                    check(controller.snapshot() == before, () -> "'" + line + "' was refused (" + reply.strip()
                            + ") but changed the controller");
                }
                if (outcome.close()) {
                    break;
                }
            }
            settle(fx.registry);
            assertAcceptsChange(controller);
        }
    }

    /**
     * Waits for the registry's timer thread to run what is queued: routes handed over to the
     * controller are removed there, after the event that freed them, and would otherwise change the
     * controller while a command is checked.
     */
    private static void settle(RegistryServer registry) {
        try {
            registry.scheduler().submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertAcceptsChange(MaintenanceController c) {
        long before = c.snapshot().version();
        RouteState all = c.snapshot().state(Route.CATCH_ALL_ID);
        Change change = all != null && all.maintenance() != null ? new Change.Exit(Target.all())
                : new Change.Enter(Target.all(), MaintenanceRequest.defaults());
        ChangeResult result = c.apply(change, Cause.api("fuzz"));
        long after = result.version();
        // Not necessarily the snapshot's version: the registry may remove routes it handed over when they leave maintenance.
        check(after > before && c.snapshot().version() >= after, () -> change + " did not advance the version from "
                + before + ": " + result + ", snapshot " + c.snapshot().version() + ", catch-all " + all + " -> "
                + c.snapshot().state(Route.CATCH_ALL_ID));
    }

    // ---- route specs ---------------------------------------------------------------------------

    /**
     * Line 1: {@code domains|path|backend_url|priority} of {@code ROUTE_ADD}; line 2:
     * {@code field|value} of {@code ROUTE_UPDATE}; line 3: a {@code ROUTE_ADD_BULK} JSON array.
     * Refusals are {@link ProtocolException}s; a spec the protocol accepts must make a route the
     * core accepts.
     */
    @FuzzTest(maxDuration = "60s")
    void routeSpec(byte[] input) {
        List<String> f = fields(input, 3);
        String[] add = (f.get(0) + "|||").split("\\|", -1);
        RouteSpec spec = null;
        try {
            spec = RouteSpec.of(add[0], add[1], add[2], add[3]);
            toRoute(spec);
        } catch (ProtocolException expected) {
            // refused
        }
        if (spec != null) {
            String[] update = (f.get(1) + "|").split("\\|", 2);
            try {
                toRoute(spec.with(update[0], update[1]));
            } catch (ProtocolException expected) {
                // refused
            }
        }
        Object json;
        try {
            json = WireJson.parse(f.get(2));
        } catch (WireJson.InvalidJsonException expected) {
            return;
        }
        if (json instanceof List<?> elements) {
            for (Object element : elements) {
                try {
                    toRoute(RouteSpec.fromJson(element));
                } catch (ProtocolException expected) {
                    // refused
                }
            }
        } else if (json instanceof Map<?, ?>) {
            WireJson.write(json);
        }
    }

    private static void toRoute(RouteSpec spec) {
        Route route = spec.toRoute("r1", "fuzz");
        RouteTable table = RouteTable.of(List.of(route));
        check(table.find("r1") == route, () -> "route not in its table");
        table.match(spec.domains().isEmpty() ? "" : spec.domains().get(0), spec.path());
    }

    // ---- wire times ----------------------------------------------------------------------------

    /** Line 1: an RFC 3339 time; line 2: a wire duration. Refusals are {@link IllegalArgumentException}s. */
    @FuzzTest(maxDuration = "60s")
    void wireTime(byte[] input) {
        List<String> f = fields(input, 2);
        try {
            Instant t = WireTime.parseInstant(f.get(0));
            String formatted = WireTime.format(t);
            if (t.isAfter(Instant.parse("0000-01-01T00:00:00Z")) && t.isBefore(Instant.parse("9999-12-31T23:59:59Z"))) {
                Instant again = WireTime.parseInstant(formatted);
                check(again.equals(t.truncatedTo(ChronoUnit.SECONDS)), () -> t + " -> " + formatted + " -> " + again);
            }
        } catch (IllegalArgumentException expected) {
            // refused
        }
        try {
            Duration d = WireTime.parseDuration(f.get(1));
            check(!d.isNegative(), () -> "negative duration " + d);
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static List<String> fields(byte[] input, int n) {
        List<String> out = new ArrayList<>(Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\n", n)));
        while (out.size() < n) {
            out.add("");
        }
        return out;
    }

    private static void check(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }
}
