package io.github.maintenance.servlet.dashboard;

import io.github.maintenance.Cause;
import io.github.maintenance.MaintenanceConfig;
import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.MaintenanceRequest;
import io.github.maintenance.MaintenanceSnapshot;
import io.github.maintenance.Target;
import io.github.maintenance.UrlPolicy;
import io.github.maintenance.change.Change;
import io.github.maintenance.route.Route;
import io.github.maintenance.servlet.access.BypassCookie;
import io.github.maintenance.servlet.access.ClientAddress;
import io.github.maintenance.servlet.access.IpRanges;
import io.github.maintenance.state.RouteState;
import io.github.maintenance.testing.MutableClock;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Fuzz targets for the servlet module's inputs from the network: the bypass cookie, the client
 * address behind proxies, and the dashboard's action JSON driven into a real controller. Plain
 * {@code mvn verify} replays the inputs under
 * {@code src/test/resources/io/github/maintenance/servlet/dashboard/ServletFuzzTestInputs/<method>/};
 * {@code scripts/fuzz ServletFuzzTest#<method> [seconds]} fuzzes one of them (docs/fuzzing.md).
 * Multi-field inputs are UTF-8 text whose fields are separated by line breaks.
 */
class ServletFuzzTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final BypassCookie DEFAULT_COOKIE = BypassCookie.of("0123456789abcdef-fuzz-secret");
    // ---- bypass cookie -------------------------------------------------------------------------

    /**
     * Lines: secret, path, cookie name, lifetime in seconds, a cookie value to check, and edits
     * ({@code position:character} pairs) applied to a freshly issued cookie. Only the exact issued
     * value is ever valid, and only within its lifetime.
     */
    @FuzzTest(maxDuration = "60s")
    void bypassCookie(byte[] input) {
        List<String> f = fields(input, 6);
        BypassCookie cookie;
        try {
            long ttl = f.get(3).strip().matches("[0-9]{1,12}") ? Long.parseLong(f.get(3).strip()) : 3600;
            cookie = BypassCookie.of(f.get(0), f.get(1), f.get(2), Duration.ofSeconds(ttl));
        } catch (MaintenanceException expected) {
            cookie = DEFAULT_COOKIE;
        }
        BypassCookie c = cookie;
        long ttlMillis = c.ttl().toMillis();

        String candidate = f.get(4);
        if (c.isValid(candidate, NOW)) {
            check(candidate.equals(canonical(c, candidate)), () -> "accepted a value that was never issued: "
                    + candidate);
        }
        c.isSecretPath(candidate);
        c.isSecret(candidate);

        String issued = c.issue(NOW);
        check(c.isValid(issued, NOW), () -> "a fresh cookie is not valid: " + issued);
        check(c.isValid(issued, NOW + ttlMillis - 1000), () -> "valid until the end of its lifetime");
        check(!c.isValid(issued, NOW + ttlMillis + 1000), () -> "still valid after its lifetime");
        String edited = edit(issued, f.get(5));
        check(!c.isValid(edited, NOW) || edited.equals(issued), () -> "an edited cookie is valid: " + issued
                + " -> " + edited);
        String header = c.setCookieHeader(issued, "/", true, NOW);
        check(header.indexOf('\r') < 0 && header.indexOf('\n') < 0, () -> "line break in " + header);
    }

    /** The value {@link BypassCookie#issue} gives for the expiry {@code value} names. */
    private static String canonical(BypassCookie c, String value) {
        String expiry = value.substring(2, value.indexOf('.', 2));
        return c.issue((Long.parseLong(expiry) - c.ttl().getSeconds()) * 1000);
    }

    /** Applies {@code position:character} edits, e.g. {@code 5:x,40:A}. */
    private static String edit(String value, String edits) {
        StringBuilder sb = new StringBuilder(value);
        for (String e : edits.split(",")) {
            int colon = e.indexOf(':');
            if (colon < 1 || colon == e.length() - 1 || !e.substring(0, colon).matches("[0-9]{1,3}")) {
                continue;
            }
            int pos = Integer.parseInt(e.substring(0, colon));
            char ch = e.charAt(colon + 1);
            if (pos < sb.length()) {
                sb.setCharAt(pos, ch);
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    // ---- client address ------------------------------------------------------------------------

    /**
     * Lines: trusted proxies (comma-separated; an invalid list is refused with
     * {@link IllegalArgumentException}), the peer address, {@code Forwarded} values and
     * {@code X-Forwarded-For} values (several headers separated by tabs). The client is the peer
     * unless the peer is trusted, and otherwise always an address literal.
     */
    @FuzzTest(maxDuration = "60s")
    void clientAddress(byte[] input) {
        List<String> f = fields(input, 4);
        IpRanges trusted;
        List<String> entries = Arrays.asList(f.get(0).split(",", -1));
        try {
            trusted = IpRanges.parse("trustedProxies", entries);
        } catch (IllegalArgumentException expected) {
            entries = List.of("127.0.0.0/8", "::1");
            trusted = IpRanges.parse("trustedProxies", entries);
        }
        if (!trusted.isEmpty()) {
            for (String e : entries) {
                String a = e.trim(); // as IpRanges trims (control characters too)
                if (!a.isEmpty() && a.indexOf('/') < 0) {
                    IpRanges t = trusted;
                    check(trusted.contains(a), () -> t + " does not contain its own entry " + a);
                }
            }
        }
        String peer = f.get(1).strip();
        HttpServletRequest request = request(peer, headerValues(f.get(2)), headerValues(f.get(3)));
        ClientAddress resolver = new ClientAddress(trusted);
        String client = resolver.resolve(request);
        check(client != null, () -> "no client address");
        if (!trusted.contains(peer)) {
            check(client.equals(peer), () -> "untrusted peer " + peer + " resolved to " + client);
        } else if (!client.equals(peer)) {
            try {
                IpRanges.parse("client", List.of(client));
            } catch (IllegalArgumentException e) {
                throw new AssertionError("resolved to a non-address '" + client + "'", e);
            }
        }
        check(resolver.peerIsTrusted(request) == trusted.contains(peer), () -> "peerIsTrusted");
    }

    private static List<String> headerValues(String field) {
        return field.isEmpty() ? List.of() : Arrays.asList(field.split("\t", -1));
    }

    /** A request stand-in: the peer address and two headers; every other method answers null, 0 or false. */
    private static HttpServletRequest request(String peer, List<String> forwarded, List<String> xForwardedFor) {
        return (HttpServletRequest) Proxy.newProxyInstance(ServletFuzzTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    List<String> values = null;
                    if (args != null && args.length == 1 && args[0] instanceof String name) {
                        values = name.equalsIgnoreCase("Forwarded") ? forwarded
                                : name.equalsIgnoreCase("X-Forwarded-For") ? xForwardedFor : List.of();
                    }
                    return switch (method.getName()) {
                        case "getRemoteAddr" -> peer;
                        case "getHeaders" -> Collections.enumeration(values);
                        case "getHeader" -> values.isEmpty() ? null : values.get(0);
                        case "getHeaderNames" -> Collections.enumeration(List.of("Forwarded", "X-Forwarded-For"));
                        case "toString" -> "request from " + peer;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> defaultValue(method.getReturnType());
                    };
                });
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        } else if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        }
        return null;
    }

    // ---- dashboard actions ---------------------------------------------------------------------

    /**
     * The input is a {@code POST …/api/dashboard/actions} body. It is refused with
     * {@link MaintenanceException} or parsed into a change, which a real controller applies or
     * refuses whole: a refused change leaves the very same snapshot. The controller takes a valid
     * change afterwards.
     */
    @FuzzTest(maxDuration = "60s")
    void dashboardAction(byte[] input) {
        // A fresh controller for every input: a finding replays on its own.
        try (MaintenanceController c = MaintenanceController.create(MaintenanceConfig.custom()
                .clock(MutableClock.atDefault()).tickInterval(Duration.ZERO).eventExecutor(Runnable::run)
                .instanceName("fuzz").urlPolicy(UrlPolicy.allowHosts(Set.of("127.0.0.1")))
                .route(Route.builder("api").path("/api").build()).build())) {
            Change change;
            try {
                change = DashboardAction.parse(input);
            } catch (MaintenanceException expected) {
                assertAcceptsChange(c);
                return;
            }
            MaintenanceSnapshot before = c.snapshot();
            try {
                DashboardAction.apply(change, c, Cause.api("fuzz"));
                check(c.snapshot().version() >= before.version(), () -> "version went back");
            } catch (MaintenanceException refused) {
                check(c.snapshot() == before, () -> "a refused change (" + refused.getMessage()
                        + ") changed the state");
            }
            assertAcceptsChange(c);
        }
    }

    /** Applies a valid change ({@code Enter} or {@code Exit} on ALL) and checks that the version advanced. */
    private static void assertAcceptsChange(MaintenanceController c) {
        long before = c.snapshot().version();
        RouteState all = c.snapshot().state(Route.CATCH_ALL_ID);
        Change change = all != null && all.maintenance() != null ? new Change.Exit(Target.all())
                : new Change.Enter(Target.all(), MaintenanceRequest.defaults());
        long after = c.apply(change, Cause.api("fuzz")).version();
        check(after > before && c.snapshot().version() == after, () -> change + " did not advance the version");
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
