package io.github.maintenance.registry.cli;

import io.github.maintenance.registry.cli.RegistryClient.RegistryException;
import io.github.maintenance.registry.protocol.CommandLine;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;
import io.github.maintenance.registry.protocol.WireTime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code maintenancectl}: the command-line client of the registry.
 *
 * <pre>
 * maintenancectl [--host 127.0.0.1] [--port 7000] [--token T] COMMAND ...
 *   status
 *   enter [--target T] [--url U] [--message M] [--until TIME] [--retry-after D]
 *   exit [--target T]
 *   drain SECONDS
 *   cancel-drain
 *   watch [--type T]
 *   exec [--target T] [--url U] [--message M] [--until TIME] -- CMD ARGS...
 *   schedule [--target T] --start TIME --end TIME [--url U] [--message M] [--retry-after D]
 *   schedules [--json]
 *   unschedule ID
 * </pre>
 *
 * Each invocation registers its own short session ({@code maintenancectl/cli-<host>-<pid>}) and
 * ends it with {@code CLIENT_SHUTDOWN}, which leaves maintenance and drain as they are.
 *
 * <p>Exit status: 0 on success, 1 when the registry cannot be reached or refuses the command, 2 for
 * bad arguments; {@code exec} returns the command's own status (or 1 when maintenance could not be
 * entered and the command was not run).
 */
public final class MaintenanceCtl {

    /** Exit status when the registry cannot be reached or refuses the command. */
    public static final int EXIT_FAILED = 1;
    /** Exit status for bad arguments. */
    public static final int EXIT_USAGE = 2;

    static final String USAGE = """
            Usage: maintenancectl [--host HOST] [--port PORT] [--token TOKEN] [--tls] [--truststore FILE]
                                  COMMAND [OPTIONS]

            Global options (before the command):
              --host HOST        registry address; default 127.0.0.1
              --port PORT        registry port; default 7000
              --token TOKEN      shared token (default: $MAINTENANCE_TOKEN)
              --tls              connect with TLS (trusting the JVM's CAs, or --truststore)
              --truststore FILE  PKCS12 file with the registry's certificate
                                 (password: $MAINTENANCE_TRUSTSTORE_PASSWORD, default changeit)

            Commands:
              status                       routes in maintenance and the drain (--json: raw JSON)
              enter [--target T] [--url U] [--message M] [--until TIME] [--retry-after D]
                                           enter maintenance; T is ALL (default), route ids, /path or
                                           a domain; TIME is RFC 3339 (2026-05-01T14:00:00Z) or a
                                           duration from now (30m); D is a duration (120s)
              exit [--target T]            exit maintenance (default ALL)
              drain SECONDS                drain the whole instance (30, 90s, 2m)
              cancel-drain                 end the drain
              watch [--type T]             print events (maintenance, drain, circuit, route, config
                                           or * (default)) until interrupted
              exec [enter options] -- CMD ARGS...
                                           enter maintenance, run CMD, and always exit maintenance
                                           afterwards (also when CMD fails or on Ctrl-C); exits
                                           with CMD's status
              schedule [--target T] --start TIME --end TIME [--url U] [--message M] [--retry-after D]
                                           schedule a maintenance window (TIME as for --until);
                                           prints its id
              schedules [--json]           list the scheduled windows
              unschedule ID                cancel a window (one in progress ends its maintenance)
              help                         print this help

            Exit status: 0 done, 1 registry unreachable or command refused, 2 bad arguments.
            """;

    static final String SERVICE = "maintenancectl";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longer than the server's 20 s page verification budget. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(35);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    private String host = "127.0.0.1";
    private int port = 7000;
    private String token;
    private boolean tls;
    private Path truststore;

    private MaintenanceCtl(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs and exits with the status. */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err, System.getenv());
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs one invocation.
     *
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return new MaintenanceCtl(out, err, env).run(List.of(args));
    }

    /** Bad arguments; the message says which. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The registry is unreachable or refused; the message is for the operator. */
    static final class FailedException extends Exception {
        private static final long serialVersionUID = 1L;

        FailedException(String message) {
            super(message);
        }
    }

    private int run(List<String> args) {
        try {
            int i = globalOptions(args);
            if (i >= args.size()) {
                throw new UsageException("a command is required");
            }
            String command = args.get(i);
            List<String> rest = args.subList(i + 1, args.size());
            return switch (command) {
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                case "status" -> status(rest);
                case "enter" -> enter(rest);
                case "exit" -> exit(rest);
                case "drain" -> drain(rest);
                case "cancel-drain" -> cancelDrain(rest);
                case "watch" -> watch(rest);
                case "exec" -> exec(rest);
                case "schedule" -> schedule(rest);
                case "schedules" -> schedules(rest);
                case "unschedule" -> unschedule(rest);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("maintenancectl: " + e.getMessage());
            err.println("Run 'maintenancectl help' for usage.");
            return EXIT_USAGE;
        } catch (FailedException e) {
            err.println("maintenancectl: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private int globalOptions(List<String> args) throws UsageException {
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("--") && !args.get(i).equals("--help")) {
            String[] nv = nameValue(args, i);
            String name = nv[0];
            switch (name) {
                case "--host" -> {
                    host = required(nv, args, i);
                    i += nv[1] == null ? 2 : 1;
                }
                case "--port" -> {
                    String v = required(nv, args, i);
                    port = parsePort(v);
                    i += nv[1] == null ? 2 : 1;
                }
                case "--token" -> {
                    token = required(nv, args, i);
                    i += nv[1] == null ? 2 : 1;
                }
                case "--truststore" -> {
                    truststore = Path.of(required(nv, args, i));
                    tls = true;
                    i += nv[1] == null ? 2 : 1;
                }
                case "--tls" -> {
                    tls = true;
                    i++;
                }
                default -> throw new UsageException("unknown option '" + args.get(i) + "'");
            }
        }
        if (token == null) {
            token = env.get("MAINTENANCE_TOKEN");
        }
        if (host.isBlank()) {
            throw new UsageException("--host needs an address");
        }
        return i;
    }

    private static String[] nameValue(List<String> args, int i) {
        String a = args.get(i);
        int eq = a.indexOf('=');
        return eq > 0 ? new String[] {a.substring(0, eq), a.substring(eq + 1)} : new String[] {a, null};
    }

    private static String required(String[] nv, List<String> args, int i) throws UsageException {
        if (nv[1] != null) {
            return nv[1];
        }
        if (i + 1 >= args.size()) {
            throw new UsageException(nv[0] + " needs a value");
        }
        return args.get(i + 1);
    }

    private static int parsePort(String v) throws UsageException {
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 1 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("--port must be a number from 1 to 65535, got '" + v + "'");
    }

    // ---- commands -----------------------------------------------------------------------------------

    private int status(List<String> args) throws UsageException, FailedException {
        boolean json = false;
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else {
                throw new UsageException("status: unknown argument '" + a + "'");
            }
        }
        try (Session s = open()) {
            String maint = s.call(CommandLine.join("MAINT_STATUS", s.id));
            String drain;
            try {
                drain = s.client.call(CommandLine.join("DRAIN_STATUS", s.id));
            } catch (RegistryException e) {
                drain = null;
            } catch (IOException e) {
                throw failure(e);
            }
            if (json) {
                out.println(Reply.payload(maint));
                out.println(drain == null ? "{\"active\":false}" : Reply.payload(drain));
                return 0;
            }
            printMaintenance(Reply.payload(maint));
            printDrain(drain == null ? null : Reply.payload(drain));
            return 0;
        }
    }

    @SuppressWarnings("unchecked")
    private void printMaintenance(String json) throws FailedException {
        Map<String, Object> m = parse(json);
        List<Map<String, Object>> routes = (List<Map<String, Object>>) m.getOrDefault("routes", List.of());
        List<Object> ids = (List<Object>) m.getOrDefault("in_maintenance", List.of());
        if (ids.isEmpty()) {
            out.println("Maintenance: none (every route is serving)");
            return;
        }
        out.println("Maintenance: " + ids.size() + " route(s)");
        for (Map<String, Object> r : routes) {
            StringBuilder sb = new StringBuilder("  ").append(r.get("route_id"));
            Object path = r.get("path");
            if (path != null) {
                Object domains = r.get("domains");
                sb.append("  ").append(domains instanceof List<?> l && !l.isEmpty() ? String.join(",", (List<String>) l) : "*")
                        .append(path);
            }
            sb.append("  since ").append(r.get("since"));
            appendIfSet(sb, "until", r.get("until"));
            appendIfSet(sb, "page", r.get("page_url"));
            appendIfSet(sb, "message", r.get("message"));
            Object hits = r.get("hits");
            if (hits != null) {
                sb.append("  hits ").append(hits);
            }
            out.println(sb);
        }
    }

    private static void appendIfSet(StringBuilder sb, String label, Object value) {
        if (value instanceof String s && !s.isEmpty()) {
            sb.append("  ").append(label).append(' ').append(s);
        }
    }

    private void printDrain(String json) throws FailedException {
        if (json == null) {
            out.println("Drain: none");
            return;
        }
        Map<String, Object> d = parse(json);
        out.println("Drain: started " + d.get("started_at") + ", " + d.get("elapsed_seconds") + "s of "
                + d.get("duration_seconds") + "s elapsed, " + d.get("remaining_seconds") + "s left, "
                + d.get("traffic_percent") + "% of traffic admitted" + (d.containsKey("rejected")
                        ? ", " + d.get("rejected") + " rejected" : ""));
    }

    /** The options shared by {@code enter} and {@code exec}. */
    private static final class EnterOptions {
        String target = "ALL";
        String url = "";
        String message;
        String until;
        String retryAfter;

        boolean extended() {
            return message != null || until != null || retryAfter != null;
        }
    }

    /** Parses enter options from {@code args}; returns the index after them (at {@code --} for exec). */
    private static int enterOptions(List<String> args, EnterOptions o, boolean stopAtDashes, String command)
            throws UsageException {
        int i = 0;
        while (i < args.size()) {
            String a = args.get(i);
            if (stopAtDashes && a.equals("--")) {
                return i;
            }
            String[] nv = nameValue(args, i);
            String v;
            switch (nv[0]) {
                case "--target", "--url", "--message", "--until", "--retry-after" -> v = required(nv, args, i);
                default -> throw new UsageException(command + ": unknown argument '" + a + "'");
            }
            switch (nv[0]) {
                case "--target" -> o.target = checkTarget(v);
                case "--url" -> o.url = checkUrl(v);
                case "--message" -> o.message = v;
                case "--until" -> o.until = until(v);
                default -> o.retryAfter = duration(v, "--retry-after");
            }
            i += nv[1] == null ? 2 : 1;
        }
        return i;
    }

    private static String checkTarget(String v) throws UsageException {
        String t = v.trim();
        if (t.isEmpty() || t.indexOf('|') >= 0 || t.chars().anyMatch(Character::isISOControl)) {
            throw new UsageException("--target needs ALL, route ids, a /path or a domain, got '" + v + "'");
        }
        return t;
    }

    /** RFC 3339, or a duration from now. */
    private static String until(String v) throws UsageException {
        try {
            return WireTime.format(WireTime.parseInstant(v));
        } catch (IllegalArgumentException e) {
            try {
                Duration d = WireTime.parseDuration(v);
                if (d.isZero()) {
                    throw new UsageException("--until must be in the future, got '" + v + "'");
                }
                return WireTime.format(Instant.now().plus(d).plusMillis(999));
            } catch (IllegalArgumentException e2) {
                throw new UsageException("--until needs an RFC 3339 time (2026-05-01T14:00:00Z) or a duration (30m),"
                        + " got '" + v + "'");
            }
        }
    }

    private static String duration(String v, String option) throws UsageException {
        try {
            Duration d = WireTime.parseDuration(v);
            if (d.isZero()) {
                throw new IllegalArgumentException("zero");
            }
            return io.github.maintenance.Durations.format(d);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " needs a positive duration (30, 90s, 2m), got '" + v + "'");
        }
    }

    private int enter(List<String> args) throws UsageException, FailedException {
        EnterOptions o = new EnterOptions();
        enterOptions(args, o, false, "enter");
        try (Session s = open()) {
            String warning = enter(s, o);
            out.println("Maintenance entered on " + o.target + ".");
            if (warning != null) {
                err.println("maintenancectl: warning: " + warning);
            }
            return 0;
        }
    }

    /** Enters; returns a warning when maintenance is on but its page did not answer. */
    private String enter(Session s, EnterOptions o) throws FailedException {
        String line;
        if (o.extended()) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!o.url.isEmpty()) {
                m.put("url", o.url);
            }
            if (o.message != null) {
                m.put("message", o.message);
            }
            if (o.until != null) {
                m.put("until", o.until);
            }
            if (o.retryAfter != null) {
                m.put("retry_after", o.retryAfter);
            }
            line = CommandLine.join("MAINT_ENTER_EX", s.id, o.target, WireJson.write(m));
        } else {
            line = CommandLine.join("MAINT_ENTER", s.id, o.target, o.url);
        }
        s.call(line);
        try {
            s.client.awaitMaintOk();
            return null;
        } catch (RegistryException e) {
            return "maintenance is on, but " + e.getMessage() + " (the built-in page is shown meanwhile)";
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private int schedule(List<String> args) throws UsageException, FailedException {
        String target = "ALL";
        String start = null;
        String end = null;
        String url = "";
        String message = null;
        String retryAfter = null;
        for (int i = 0; i < args.size(); i++) {
            String[] nv = nameValue(args, i);
            String v;
            switch (nv[0]) {
                case "--target", "--start", "--end", "--url", "--message", "--retry-after" -> v = required(nv, args, i);
                default -> throw new UsageException("schedule: unknown argument '" + args.get(i) + "'");
            }
            switch (nv[0]) {
                case "--target" -> target = checkTarget(v);
                case "--start" -> start = time(v, "--start");
                case "--end" -> end = time(v, "--end");
                case "--url" -> url = checkUrl(v);
                case "--message" -> message = v;
                default -> retryAfter = duration(v, "--retry-after");
            }
            if (nv[1] == null) {
                i++;
            }
        }
        if (start == null || end == null) {
            throw new UsageException("schedule needs --start TIME and --end TIME");
        }
        String json = null;
        if (message != null || retryAfter != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", start);
            m.put("end", end);
            if (!url.isEmpty()) {
                m.put("url", url);
            }
            if (message != null) {
                m.put("message", message);
            }
            if (retryAfter != null) {
                m.put("retry_after", retryAfter);
            }
            json = WireJson.write(m);
        }
        try (Session s = open()) {
            String reply = s.call(json != null ? CommandLine.join("MAINT_SCHEDULE_EX", s.id, target, json)
                    : CommandLine.join("MAINT_SCHEDULE", s.id, target, start, end, url));
            out.println("Scheduled maintenance window " + Reply.payload(reply) + " on " + target + " from " + start
                    + " to " + end + ".");
            return 0;
        }
    }

    @SuppressWarnings("unchecked")
    private int schedules(List<String> args) throws UsageException, FailedException {
        boolean json = false;
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else {
                throw new UsageException("schedules: unknown argument '" + a + "'");
            }
        }
        try (Session s = open()) {
            String payload = Reply.payload(s.call(CommandLine.join("MAINT_SCHEDULES", s.id)));
            if (json) {
                out.println(payload);
                return 0;
            }
            Object parsed;
            try {
                parsed = WireJson.parse(payload);
            } catch (WireJson.InvalidJsonException e) {
                throw new FailedException("the registry sent an unreadable list of windows");
            }
            List<Map<String, Object>> windows = parsed instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
            if (windows.isEmpty()) {
                out.println("Scheduled windows: none");
                return 0;
            }
            out.println("Scheduled windows: " + windows.size());
            for (Map<String, Object> w : windows) {
                StringBuilder sb = new StringBuilder("  ").append(w.get("id")).append("  ").append(w.get("target"))
                        .append("  ").append(w.get("start")).append(" to ").append(w.get("end"));
                if (Boolean.TRUE.equals(w.get("started"))) {
                    sb.append("  (in progress)");
                }
                appendIfSet(sb, "page", w.get("page_url"));
                appendIfSet(sb, "message", w.get("message"));
                out.println(sb);
            }
            return 0;
        }
    }

    private int unschedule(List<String> args) throws UsageException, FailedException {
        if (args.size() != 1 || args.get(0).isBlank() || args.get(0).indexOf('|') >= 0) {
            throw new UsageException("unschedule needs one argument, the window's id (see 'schedules')");
        }
        try (Session s = open()) {
            String reply = s.call(CommandLine.join("MAINT_UNSCHEDULE", s.id, args.get(0).trim()));
            out.println("Cancelled maintenance window " + Reply.payload(reply) + ".");
            return 0;
        }
    }

    private static String checkUrl(String v) throws UsageException {
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new UsageException("--url must not contain control characters");
        }
        return v;
    }

    /** RFC 3339, or a duration from now, for {@code option}. */
    private static String time(String v, String option) throws UsageException {
        try {
            return until(v);
        } catch (UsageException e) {
            throw new UsageException(option + " needs an RFC 3339 time (2026-05-01T14:00:00Z) or a duration from now"
                    + " (30m), got '" + v + "'");
        }
    }

    private int exit(List<String> args) throws UsageException, FailedException {
        EnterOptions o = new EnterOptions();
        for (int i = 0; i < args.size(); i++) {
            String[] nv = nameValue(args, i);
            if (!nv[0].equals("--target")) {
                throw new UsageException("exit: unknown argument '" + args.get(i) + "'");
            }
            o.target = checkTarget(required(nv, args, i));
            if (nv[1] == null) {
                i++;
            }
        }
        try (Session s = open()) {
            String warning = exit(s, o.target);
            out.println("Maintenance exited on " + o.target + ".");
            if (warning != null) {
                err.println("maintenancectl: warning: " + warning);
            }
            return 0;
        }
    }

    private static String exit(Session s, String target) throws FailedException {
        s.call(CommandLine.join("MAINT_EXIT", s.id, target));
        try {
            s.client.awaitMaintOk();
            return null;
        } catch (RegistryException e) {
            return "maintenance is off, but " + e.getMessage();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private int drain(List<String> args) throws UsageException, FailedException {
        if (args.size() != 1) {
            throw new UsageException("drain needs one argument, the duration (30, 90s, 2m)");
        }
        String seconds = duration(args.get(0), "drain");
        try (Session s = open()) {
            String reply = s.call(CommandLine.join("DRAIN_START", s.id, seconds));
            out.println("Draining the instance until " + Reply.payload(reply) + ".");
            return 0;
        }
    }

    private int cancelDrain(List<String> args) throws UsageException, FailedException {
        if (!args.isEmpty()) {
            throw new UsageException("cancel-drain takes no arguments");
        }
        try (Session s = open()) {
            s.call(CommandLine.join("DRAIN_CANCEL", s.id));
            out.println("Drain cancelled.");
            return 0;
        }
    }

    private int watch(List<String> args) throws UsageException, FailedException {
        String type = "*";
        for (int i = 0; i < args.size(); i++) {
            String[] nv = nameValue(args, i);
            if (!nv[0].equals("--type")) {
                throw new UsageException("watch: unknown argument '" + args.get(i) + "'");
            }
            type = required(nv, args, i);
            if (nv[1] == null) {
                i++;
            }
        }
        Session s = open();
        Thread hook = new Thread(() -> s.end(false), "maintenancectl-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            s.call(CommandLine.join("SUBSCRIBE", s.id, type));
            out.println("Watching " + type + " events on " + host + ":" + port + " (Ctrl-C to stop)");
            out.flush();
            s.client.readTimeout(Duration.ZERO);
            while (true) {
                String line = s.client.nextLine();
                if (line.startsWith(Reply.EVENT + "|")) {
                    out.println(line.substring(Reply.EVENT.length() + 1));
                    out.flush();
                }
            }
        } catch (IOException e) {
            if (s.closed) {
                return 0;
            }
            throw new FailedException("the registry closed the connection");
        } finally {
            s.close();
            removeHook(hook);
        }
    }

    private int exec(List<String> args) throws UsageException, FailedException {
        EnterOptions o = new EnterOptions();
        int dashes = enterOptions(args, o, true, "exec");
        if (dashes >= args.size() || dashes + 1 >= args.size()) {
            throw new UsageException("exec needs '-- CMD ARGS...'");
        }
        List<String> command = new ArrayList<>(args.subList(dashes + 1, args.size()));
        Session s = open();
        try {
            String warning = enter(s, o);
            if (warning != null) {
                err.println("maintenancectl: warning: " + warning);
            }
        } catch (FailedException e) {
            s.close();
            throw new FailedException(e.getMessage() + "; not running " + command.get(0));
        }
        err.println("maintenancectl: maintenance entered on " + o.target + "; running " + String.join(" ", command));
        err.flush();
        Exiter exiter = new Exiter(s, o.target);
        Process[] child = new Process[1];
        Thread hook = new Thread(() -> {
            Process p = child[0];
            if (p != null && p.isAlive()) {
                p.destroy();
                try {
                    if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exiter.run();
        }, "maintenancectl-exec-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status;
        try {
            try {
                child[0] = new ProcessBuilder(command).inheritIO().start();
                status = child[0].waitFor();
            } catch (IOException e) {
                err.println("maintenancectl: cannot run " + command.get(0) + ": " + e.getMessage());
                status = 127;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 130;
            }
        } finally {
            exiter.run();
            removeHook(hook);
        }
        if (exiter.error != null) {
            err.println("maintenancectl: could not exit maintenance on " + o.target + ": " + exiter.error);
            return status == 0 ? EXIT_FAILED : status;
        }
        err.println("maintenancectl: maintenance exited on " + o.target + " (" + command.get(0) + " exited with "
                + status + ")");
        return status;
    }

    /** Exits maintenance exactly once, from the main thread or the shutdown hook, reconnecting if needed. */
    private final class Exiter {
        private final Session session;
        private final String target;
        private boolean done;
        String error;

        Exiter(Session session, String target) {
            this.session = session;
            this.target = target;
        }

        synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            try {
                String warning = exit(session, target);
                if (warning != null) {
                    err.println("maintenancectl: warning: " + warning);
                }
                session.close();
                return;
            } catch (FailedException e) {
                session.close();
                if (e.getMessage().startsWith("route not found") || e.getMessage().startsWith("invalid target")) {
                    error = e.getMessage();
                    return;
                }
            }
            try (Session fresh = open()) {
                String warning = exit(fresh, target);
                if (warning != null) {
                    err.println("maintenancectl: warning: " + warning);
                }
            } catch (FailedException e) {
                error = e.getMessage();
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran)
        }
    }

    // ---- connection ---------------------------------------------------------------------------------

    /** A registered session of this invocation; closing it sends CLIENT_SHUTDOWN. */
    private final class Session implements AutoCloseable {
        final RegistryClient client;
        final String id;
        volatile boolean closed;

        Session(RegistryClient client, String id) {
            this.client = client;
            this.id = id;
        }

        String call(String line) throws FailedException {
            try {
                return client.call(line);
            } catch (RegistryException e) {
                throw new FailedException(e.getMessage());
            } catch (IOException e) {
                throw failure(e);
            }
        }

        /** Ends the session and waits (briefly) for {@code SHUTDOWN_OK}. */
        @Override
        public void close() {
            end(true);
        }

        /** Ends the session; {@code await}: read the reply (only when no other thread reads). */
        synchronized void end(boolean await) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                client.send(CommandLine.join("CLIENT_SHUTDOWN", id));
                if (await) {
                    client.readTimeout(Duration.ofSeconds(2));
                    while (!client.nextLine().equals(Reply.SHUTDOWN_OK)) {
                        // skip EVENT lines and late replies
                    }
                }
            } catch (IOException e) {
                // already gone
            }
            try {
                client.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    private Session open() throws FailedException {
        RegistryClient client;
        try {
            client = RegistryClient.connect(host, port, tls ? sslContext() : null, CONNECT_TIMEOUT, READ_TIMEOUT);
        } catch (ConnectException e) {
            throw new FailedException("cannot connect to the registry at " + host + ":" + port + ": "
                    + e.getMessage() + " (is the application running with its registry on that port?)");
        } catch (UnknownHostException e) {
            throw new FailedException("unknown host " + host);
        } catch (IOException e) {
            throw new FailedException("cannot connect to the registry at " + host + ":" + port + ": " + e);
        }
        try {
            String id = client.register(SERVICE, instanceName(), token);
            return new Session(client, id);
        } catch (RegistryException e) {
            closeQuietly(client);
            if (e.getMessage().equals(Reply.UNAUTHORIZED)) {
                throw new FailedException("the registry refused the token (unauthorized): pass --token or set"
                        + " MAINTENANCE_TOKEN");
            }
            throw new FailedException("the registry refused to register: " + e.getMessage());
        } catch (IOException e) {
            closeQuietly(client);
            throw failure(e);
        }
    }

    private static FailedException failure(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new FailedException("the registry did not answer in time");
        }
        return new FailedException(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static void closeQuietly(RegistryClient c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private SSLContext sslContext() throws FailedException {
        try {
            if (truststore == null) {
                return SSLContext.getDefault();
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            String pw = env.getOrDefault("MAINTENANCE_TRUSTSTORE_PASSWORD", "changeit");
            try (InputStream in = Files.newInputStream(truststore)) {
                ks.load(in, pw.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new FailedException("cannot use the truststore " + truststore + ": " + e.getMessage());
        }
    }

    private static String instanceName() {
        String hostName;
        try {
            hostName = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            hostName = "localhost";
        }
        String name = "cli-" + hostName + "-" + ProcessHandle.current().pid();
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) throws FailedException {
        try {
            Object v = WireJson.parse(json);
            if (v instanceof Map) {
                return (Map<String, Object>) v;
            }
        } catch (WireJson.InvalidJsonException e) {
            // below
        }
        throw new FailedException("unreadable reply from the registry: " + Reply.printable(json, 200));
    }
}
