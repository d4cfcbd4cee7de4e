package io.github.maintenance;

import io.github.maintenance.change.Change;
import io.github.maintenance.page.AcceptLanguage;
import io.github.maintenance.page.PageRenderer;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.page.Variant;
import io.github.maintenance.route.Route;
import io.github.maintenance.route.RouteTable;
import io.github.maintenance.spi.StateStoreException;
import io.github.maintenance.spi.StoredState;
import io.github.maintenance.spi.StoredStateFormat;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.store.FlagFileWatcher;
import io.github.maintenance.testing.MutableClock;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz targets for the core's parsers, one per input surface. Plain {@code mvn verify} replays
 * the inputs under {@code src/test/resources/io/github/maintenance/CoreFuzzTestInputs/<method>/};
 * {@code scripts/fuzz CoreFuzzTest#<method> [seconds]} fuzzes one of them (docs/fuzzing.md).
 *
 * <p>Every target allows only the exception type its API documents ({@link MaintenanceException}
 * or {@link StateStoreException}); any other throwable, or a broken invariant, is a finding.
 * Multi-field inputs are UTF-8 text whose fields are separated by line breaks, so that seeds can
 * be written by hand.
 */
class CoreFuzzTest {

    private static final RenderedPage PAGE = new PageRenderer(PageSettings.ofDefaults())
            .maintenance(null, Duration.ofMinutes(5), Instant.parse("2030-01-01T00:00:00Z"), Instant.EPOCH);
    private static final String MARKER = "<fz'\"&>";

    private static MutableClock flagClock;
    private static MaintenanceController flagController;
    private static FlagFileWatcher flagWatcher;
    private static Path flagDir;

    @AfterAll
    static void closeFlagWatcher() throws IOException {
        if (flagWatcher != null) {
            flagWatcher.close();
            flagController.close();
            Files.deleteIfExists(flagDir.resolve(FlagFileWatcher.DEFAULT_FILE_NAME));
            Files.deleteIfExists(flagDir);
        }
    }

    // ---- Accept / Accept-Language --------------------------------------------------------------

    /** Line 1: {@code Accept}; line 2: {@code Accept-Language}; line 3: offered languages, comma-separated. */
    @FuzzTest(maxDuration = "60s")
    void negotiation(byte[] input) throws IOException {
        List<String> f = fields(input, 3);
        String accept = f.get(0);
        String acceptLanguage = f.get(1);

        Variant v = Variant.negotiate(accept);
        check(v != null, () -> "no variant for " + accept);
        int i = PAGE.select(acceptLanguage);
        check(i >= 0 && i < PAGE.languages().size(), () -> "language index " + i);
        PAGE.writeTo(v, i, OutputStream.nullOutputStream());
        check(PAGE.length(v, i) > 0, () -> "empty body");
        String exact = acceptLanguage.replaceAll("^[ \t]+|[ \t]+$", "").toLowerCase(Locale.ROOT); // OWS only
        int offered = PAGE.languages().indexOf(exact);
        if (offered >= 0) {
            check(i == offered, () -> "'" + acceptLanguage + "' chose " + PAGE.language(i));
        }

        // Any offered list of lower-case tags (the documented precondition).
        List<String> languages = new ArrayList<>();
        for (String l : f.get(2).split(",", -1)) {
            String t = l.strip().toLowerCase(Locale.ROOT);
            if (t.matches("[a-z0-9]+(-[a-z0-9]+)*") && !languages.contains(t)) {
                languages.add(t);
            }
        }
        String[] offeredTags = languages.toArray(new String[0]);
        int j = AcceptLanguage.select(acceptLanguage, offeredTags);
        check(j == 0 || (j > 0 && j < offeredTags.length), () -> "index " + j + " of " + Arrays.toString(offeredTags));
    }

    // ---- page templates ------------------------------------------------------------------------

    /** The input is a template; a parsed one must render without letting a value's markup through. */
    @FuzzTest(maxDuration = "60s")
    void pageTemplate(byte[] input) {
        String source = new String(input, StandardCharsets.UTF_8);
        PageTemplate template;
        try {
            template = PageTemplate.of(source);
        } catch (MaintenanceException expected) {
            return;
        }
        PageSettings settings = PageSettings.ofDefaults().withTemplate(template)
                .withExtraMessages(List.of(MARKER + " second"));
        RenderedPage page = new PageRenderer(settings).maintenance(MARKER, Duration.ofSeconds(30),
                Instant.parse("2030-01-01T00:00:00Z"), Instant.EPOCH);
        for (String lang : page.languages()) {
            String html = page.body(Variant.HTML, lang);
            check(source.contains("<fz") || !html.contains("<fz"), () -> "unescaped value in " + html);
            check(page.body(Variant.JSON, lang).startsWith("{\"status\":\"maintenance\""), () -> "JSON body");
        }
    }

    // ---- durations and times -------------------------------------------------------------------

    /** Line 1: a duration; line 2: a time. */
    @FuzzTest(maxDuration = "60s")
    void durationsAndTimes(byte[] input) {
        List<String> f = fields(input, 2);
        String text = f.get(0);
        Duration d = null;
        try {
            d = Durations.parse(text);
        } catch (MaintenanceException expected) {
            // refused
        }
        if (d != null) {
            Duration parsed = d;
            check(!d.isNegative() && d.compareTo(Durations.MAX) <= 0, () -> text + " parsed to " + parsed);
            String formatted = Durations.format(d);
            Duration again = Durations.parse(formatted);
            check(again.equals(Duration.ofMillis(d.toMillis())), () -> text + " -> " + formatted + " -> " + again);
        }
        if (text.strip().matches("-?[0-9]{1,40}")) {
            try {
                Duration s = Durations.ofSeconds("seconds", new BigInteger(text.strip()), 1);
                check(s.getSeconds() >= 1 && s.compareTo(Durations.MAX) <= 0, () -> "ofSeconds " + s);
            } catch (MaintenanceException expected) {
                // out of range
            }
        }
        Instant t;
        try {
            t = Times.parse("time", f.get(1));
        } catch (MaintenanceException expected) {
            return;
        }
        check(!t.isBefore(Times.EARLIEST) && !t.isAfter(Times.LATEST), () -> "out of range: " + t);
        if (d != null) {
            try {
                Instant end = Times.plus("end", t, d);
                check(!end.isBefore(t), () -> "end before start");
            } catch (MaintenanceException expected) {
                // past year 9999
            }
        }
    }

    // ---- stored state --------------------------------------------------------------------------

    /** The input is a stored state as a store reads it; what decodes must encode and decode to the same state. */
    @FuzzTest(maxDuration = "60s")
    void storedState(byte[] input) {
        StoredState state;
        try {
            state = StoredStateFormat.decode(input);
        } catch (StateStoreException expected) {
            return;
        }
        String encoded = StoredStateFormat.encode(state);
        StoredState again = StoredStateFormat.decode(encoded);
        check(again.equals(state), () -> "round trip changed the state:\n" + state + "\n" + again);
        check(StoredStateFormat.encode(again).equals(encoded), () -> "encoding is not stable");
    }

    // ---- flag file -----------------------------------------------------------------------------

    /**
     * The input is the flag file's content, read by a real {@link FlagFileWatcher} on a real
     * controller: whatever it says, the flag means maintenance for ALL (its own or plain), removing
     * it ends that maintenance, and the controller still takes a valid change afterwards.
     */
    @FuzzTest(maxDuration = "60s")
    void flagFile(byte[] input) throws IOException {
        FlagFileWatcher w = flagWatcher();
        Path flag = w.file();
        Files.write(flag, input);
        w.check();
        RouteState all = flagController.snapshot().state(Route.CATCH_ALL_ID);
        boolean inMaintenance = all != null && all.maintenance() != null && all.maintenance().cause().equals(w.cause());
        String text = new String(input, StandardCharsets.UTF_8);
        // The one case without maintenance: a valid file whose 'until' has already passed.
        check(inMaintenance || (w.problems().isEmpty() && text.contains("until")),
                () -> "flag present but no maintenance, problems " + w.problems());
        Files.delete(flag);
        w.check();
        RouteState after = flagController.snapshot().state(Route.CATCH_ALL_ID);
        check(after == null || after.maintenance() == null || !after.maintenance().cause().equals(w.cause()),
                () -> "flag removed but its maintenance stays");
        assertAcceptsChange(flagController);
        // Leave the next input a controller without maintenance.
        if (flagController.snapshot().state(Route.CATCH_ALL_ID) != null) {
            flagController.apply(new Change.Exit(Target.all()), Cause.api("fuzz"));
        }
    }

    private static FlagFileWatcher flagWatcher() throws IOException {
        if (flagWatcher == null) {
            flagClock = MutableClock.atDefault();
            flagController = MaintenanceController.create(TestControllers.config(flagClock).build());
            flagDir = Files.createTempDirectory("flag-fuzz");
            flagWatcher = FlagFileWatcher.builder(flagController, flagDir).watchService(false)
                    .pollInterval(Duration.ofSeconds(1)).start();
        }
        return flagWatcher;
    }

    // ---- routes --------------------------------------------------------------------------------

    /**
     * Lines {@code id|domains|path|priority|exempt} declare routes (invalid ones are refused with
     * {@link MaintenanceException}); the last line is {@code host|path} of a request, whose match by
     * the table must equal a brute-force search over the routes.
     */
    @FuzzTest(maxDuration = "60s")
    void routes(byte[] input) {
        List<String> lines = List.of(new String(input, StandardCharsets.UTF_8).split("\n", -1));
        RouteTable table = RouteTable.empty();
        for (String line : lines.subList(0, lines.size() - 1)) {
            String[] p = line.split("\\|", -1);
            Route route;
            try {
                Route.Builder b = Route.builder(p[0]);
                if (p.length > 1 && !p[1].isEmpty()) {
                    b.domains(p[1].split(",", -1));
                }
                b.path(p.length > 2 ? p[2] : "/");
                if (p.length > 3) {
                    b.priority(p[3].matches("-?[0-9]{1,9}") ? Integer.parseInt(p[3]) : 0);
                }
                if (p.length > 4 && !p[4].isEmpty()) {
                    b.exemptPaths(p[4].split(",", -1));
                }
                route = b.build();
                table = table.with(route);
            } catch (MaintenanceException expected) {
                continue;
            }
            RouteTable t = table;
            check(t.find(route.id()) == route, () -> "route " + route.id() + " not found");
        }
        String[] request = lines.get(lines.size() - 1).split("\\|", 2);
        String host = request[0];
        String path = request.length > 1 ? request[1] : "/";
        int got = table.match(host, path);
        int expected = bruteForceMatch(table, host, path);
        RouteTable t = table;
        check(got == expected, () -> "match(" + host + ", " + path + ") = " + t.route(got) + " but expected "
                + t.route(expected));
        try {
            Target.parse(host);
        } catch (MaintenanceException expected2) {
            // refused
        }
    }

    /**
     * The documented rule, written plainly: among the routes whose path covers the request path and
     * whose domains serve the host, the highest priority wins; then the longest path; then the
     * better host match (exact over wildcard over any host); then declaration order. None: 0.
     */
    private static int bruteForceMatch(RouteTable table, String hostHeader, String path) {
        String host = hostName(hostHeader);
        int best = 0;
        int bestRank = 0;
        for (int i = 1; i < table.size(); i++) {
            Route r = table.route(i);
            int rank = hostRank(r, host);
            if (rank == 0 || path == null || !covers(r.path(), path)) {
                continue;
            }
            if (best == 0) {
                best = i;
                bestRank = rank;
                continue;
            }
            Route b = table.route(best);
            int c = Integer.compare(r.priority(), b.priority());
            if (c == 0) {
                c = Integer.compare(r.path().length(), b.path().length());
            }
            if (c == 0) {
                c = Integer.compare(rank, bestRank);
            }
            if (c > 0) {
                best = i;
                bestRank = rank;
            }
        }
        return best;
    }

    private static boolean covers(String prefix, String path) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** 0 no match, 1 any host, 2 wildcard, 3 exact. */
    private static int hostRank(Route r, String host) {
        if (r.domains().isEmpty()) {
            return 1;
        }
        int rank = 0;
        for (String d : r.domains()) {
            if (d.startsWith("*.")) {
                String suffix = d.substring(1);
                if (host.length() > suffix.length()
                        && host.regionMatches(true, host.length() - suffix.length(), suffix, 0, suffix.length())) {
                    rank = Math.max(rank, 2);
                }
            } else if (d.equalsIgnoreCase(host)) {
                return 3;
            }
        }
        return rank;
    }

    /** The host name of a Host header: without port and trailing dot; an IPv6 literal keeps its brackets. */
    private static String hostName(String h) {
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(0, close + 1);
        }
        int colon = h.indexOf(':');
        String name = colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.substring(0, colon) : h;
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Applies a valid change ({@code Enter} or {@code Exit} on ALL) and checks that the version advanced. */
    static void assertAcceptsChange(MaintenanceController controller) {
        long before = controller.snapshot().version();
        RouteState all = controller.snapshot().state(Route.CATCH_ALL_ID);
        Change change = all != null && all.maintenance() != null ? new Change.Exit(Target.all())
                : new Change.Enter(Target.all(), MaintenanceRequest.defaults());
        long after = controller.apply(change, Cause.api("fuzz")).version();
        check(after > before && controller.snapshot().version() == after,
                () -> change + " did not advance the version from " + before);
    }

    /** The input as UTF-8 text cut into {@code n} fields at line breaks (missing fields are empty). */
    static List<String> fields(byte[] input, int n) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\n", n);
        List<String> out = new ArrayList<>(Arrays.asList(parts));
        while (out.size() < n) {
            out.add("");
        }
        return out;
    }

    static void check(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }
}
