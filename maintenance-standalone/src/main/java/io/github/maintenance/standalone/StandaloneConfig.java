package io.github.maintenance.standalone;

import io.github.maintenance.Durations;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.page.PageSettings;
import io.github.maintenance.page.PageTemplate;
import io.github.maintenance.page.PageTexts;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standalone server's configuration: from environment variables, overridden by command-line
 * flags ({@code --port 9090} or {@code --port=9090}). Every option is listed in {@link Option}
 * and in {@link #USAGE}. A bad value is refused with a message naming the variable or flag, the
 * value and the rule.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host        the address to bind ({@code 0.0.0.0}: every interface)
 * @param port        the HTTP port, 0 to 65535 (0 picks a free one), or {@link #OFF} for no HTTP listener
 * @param status      the status of page responses (default 503)
 * @param retryAfter  the {@code Retry-After} value
 * @param until       the announced end, or {@code null}
 * @param page        the page's texts, languages, template and refresh
 * @param threads     the number of I/O threads, each serving many connections
 * @param requestTimeout how long a client may take to send a request head (from its first byte) or
 *                       leave the answer unread
 * @param stopWhenHealthy when to stop by itself (the application's health URL), or {@code null}
 *                        to serve until SIGTERM
 * @param httpsPort   the HTTPS port, 0 to 65535, or {@link #OFF} for no HTTPS listener
 * @param tls         the HTTPS key and certificate chain, or {@code null} when HTTPS is off
 * @param maxConnections the most open connections; beyond, new ones are closed at once
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param handshakeTimeout how long a TLS handshake may take
 */
public record StandaloneConfig(String host, int port, int status, Duration retryAfter, Instant until,
        PageSettings page, int threads, Duration requestTimeout, HealthCheck stopWhenHealthy, int httpsPort,
        TlsMaterial tls, int maxConnections, Duration idleTimeout, Duration handshakeTimeout) {

    /** The port value of a listener that is turned off ({@code --port off}, no {@code --https-port}). */
    public static final int OFF = -1;

    /**
     * Checks that at least one listener is on and that HTTPS comes with its material.
     *
     * @param host           the address to bind
     * @param port           the HTTP port, or {@link #OFF}
     * @param status         the status of page responses
     * @param retryAfter     the {@code Retry-After} value
     * @param until          the announced end, or {@code null}
     * @param page           the page's settings
     * @param threads        the number of I/O threads
     * @param requestTimeout the client time-out
     * @param stopWhenHealthy the health check that stops the server, or {@code null}
     * @param httpsPort      the HTTPS port, or {@link #OFF}
     * @param tls            the HTTPS material, or {@code null} when HTTPS is off
     * @param maxConnections the most open connections, at least 1
     * @param idleTimeout    the keep-alive time-out, positive
     * @param handshakeTimeout the TLS handshake time-out, positive
     * @throws IllegalArgumentException when both ports are off, a port is out of range,
     *                                  {@code httpsPort} and {@code tls} disagree, or a limit is not positive
     */
    public StandaloneConfig {
        if (threads < 1 || maxConnections < 1 || requestTimeout.isNegative() || requestTimeout.isZero()
                || idleTimeout.isNegative() || idleTimeout.isZero() || handshakeTimeout.isNegative()
                || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("threads, connections and time-outs must be positive");
        }
        if (port < OFF || port > 65_535 || httpsPort < OFF || httpsPort > 65_535) {
            throw new IllegalArgumentException("ports are 0 to 65535, or OFF");
        }
        if (port == OFF && httpsPort == OFF) {
            throw new IllegalArgumentException("no listener: HTTP and HTTPS are both off");
        }
        if ((httpsPort == OFF) != (tls == null)) {
            throw new IllegalArgumentException("an HTTPS port needs TLS material, and TLS material an HTTPS port");
        }
    }

    /**
     * Whether HTTPS is on.
     *
     * @return whether an HTTPS port and its material are set
     */
    public boolean https() {
        return httpsPort != OFF;
    }

    /** Default port. */
    public static final int DEFAULT_PORT = 8080;
    /**
     * Default bind address: every interface, because the page server stands in for an application
     * that load balancers and proxies reach from other machines. It serves nothing but the page
     * and {@code /health}; bind {@code 127.0.0.1} when a local reverse proxy fronts it.
     */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Default I/O threads: one per processor, at most 8. */
    public static final int DEFAULT_THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    /** Default most open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 2_000;
    /** Default time a request head may take from its first byte, and an answer may stay unread. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a kept-alive connection may wait for its next request. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Default time a TLS handshake may take. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** Every option: its flag, its environment variable, its argument and what it does. */
    public enum Option {
        /** The port to listen on. */
        PORT("--port", "MAINTENANCE_PORT", "PORT", "HTTP port, 0-65535 (0: a free one), or off; default 8080"),
        /** The HTTPS port. */
        HTTPS_PORT("--https-port", "MAINTENANCE_HTTPS_PORT", "PORT",
                "HTTPS port, 0-65535; needs --tls-cert and --tls-key, or --tls-keystore; default none"),
        /** The PEM certificate chain. */
        TLS_CERT("--tls-cert", "MAINTENANCE_TLS_CERT", "FILE", "PEM certificate chain, leaf first (fullchain.pem)"),
        /** The PEM private key. */
        TLS_KEY("--tls-key", "MAINTENANCE_TLS_KEY", "FILE", "PEM private key, unencrypted PKCS#8, RSA or EC (privkey.pem)"),
        /** The PKCS#12 key store, instead of the PEM files. */
        TLS_KEYSTORE("--tls-keystore", "MAINTENANCE_TLS_KEYSTORE", "FILE",
                "PKCS#12 key store with the key and chain, instead of --tls-cert and --tls-key"),
        /** The key store's password (visible to other users in the process list: prefer the others). */
        TLS_KEYSTORE_PASSWORD("--tls-keystore-password", "MAINTENANCE_TLS_KEYSTORE_PASSWORD", "TEXT",
                "the key store's password; prefer the variable or --tls-keystore-password-file"),
        /** A file holding the key store's password. */
        TLS_KEYSTORE_PASSWORD_FILE("--tls-keystore-password-file", "MAINTENANCE_TLS_KEYSTORE_PASSWORD_FILE", "FILE",
                "file holding the key store's password (one line)"),
        /** The address to bind. */
        HOST("--host", "MAINTENANCE_HOST", "ADDRESS", "address to bind; default 0.0.0.0 (every interface)"),
        /** The page title. */
        TITLE("--title", "MAINTENANCE_TITLE", "TEXT", "page title; default: translated 'Down for maintenance'"),
        /** The message, in every language. */
        MESSAGE("--message", "MAINTENANCE_MESSAGE", "TEXT", "message, shown in every language; default: translated"),
        /** Further messages the page rotates through. */
        MESSAGES("--messages", "MAINTENANCE_MESSAGES", "A|B|...", "further messages the page rotates through"),
        /** The time each rotating message is shown. */
        ROTATE("--rotate-interval", "MAINTENANCE_ROTATE_INTERVAL", "DURATION", "time per rotating message; default 8s"),
        /** The {@code Retry-After} of page responses. */
        RETRY_AFTER("--retry-after", "MAINTENANCE_RETRY_AFTER", "DURATION", "Retry-After (300, 5m, PT5M); default 300s"),
        /** The announced end of the maintenance. */
        UNTIL("--until", "MAINTENANCE_UNTIL", "TIME", "announced end, ISO-8601 (2026-05-01T14:00:00Z)"),
        /** The HTML template. */
        TEMPLATE("--template", "MAINTENANCE_TEMPLATE", "FILE", "HTML template: a file or classpath:NAME"),
        /** The page texts per language. */
        TEXTS("--texts", "MAINTENANCE_TEXTS", "FILE", "page texts (properties: de.title=...): a file or classpath:NAME"),
        /** The languages of the page, the default first. */
        LANGUAGES("--languages", "MAINTENANCE_LANGUAGES", "en,de,...", "languages, the default first; one fixes it"),
        /** How often the page reloads itself. */
        REFRESH("--refresh", "MAINTENANCE_REFRESH", "DURATION", "how often the page reloads itself, 0 = never; default 30s"),
        /** Whether a {@code Refresh} header is sent too. */
        REFRESH_HEADER("--refresh-header", "MAINTENANCE_REFRESH_HEADER", "true|false", "also send a Refresh header"),
        /** The status of page responses. */
        STATUS("--status", "MAINTENANCE_STATUS", "CODE", "status of page responses, 200-599; default 503"),
        /** The number of I/O threads. */
        THREADS("--threads", "MAINTENANCE_THREADS", "N",
                "I/O threads, each serving many connections, 1-256; default one per processor, at most 8"),
        /** The time a client may take to send a request head, or leave the answer unread. */
        REQUEST_TIMEOUT("--request-timeout", "MAINTENANCE_REQUEST_TIMEOUT", "DURATION",
                "time to send a request head from its first byte, or to start reading the answer, 1s-1h; default 10s"),
        /** The time a kept-alive connection may wait for its next request. */
        IDLE_TIMEOUT("--idle-timeout", "MAINTENANCE_IDLE_TIMEOUT", "DURATION",
                "time a kept-alive connection may wait for its next request, 100ms-1h; default 30s"),
        /** The time a TLS handshake may take. */
        HANDSHAKE_TIMEOUT("--handshake-timeout", "MAINTENANCE_HANDSHAKE_TIMEOUT", "DURATION",
                "time a TLS handshake may take from the connection, 100ms-1m; default 10s"),
        /** The most open connections. */
        MAX_CONNECTIONS("--max-connections", "MAINTENANCE_MAX_CONNECTIONS", "N",
                "most open connections, 1-100000; beyond, new ones are closed at once; default 2000"),
        /** The application's health URL: the server stops once it is healthy. */
        STOP_WHEN_HEALTHY("--stop-when-healthy", "MAINTENANCE_STOP_WHEN_HEALTHY", "URL",
                "stop once GET URL (http/https) answers 2xx --health-successes times in a row"),
        /** The time between health checks. */
        HEALTH_INTERVAL("--health-interval", "MAINTENANCE_HEALTH_INTERVAL", "DURATION",
                "time between health checks, 100ms-1h; default 2s"),
        /** The connect and answer time-out of one health check. */
        HEALTH_TIMEOUT("--health-timeout", "MAINTENANCE_HEALTH_TIMEOUT", "DURATION",
                "connect and answer time-out of one health check, 100ms-1m; default 2s"),
        /** The healthy answers in a row that stop the server. */
        HEALTH_SUCCESSES("--health-successes", "MAINTENANCE_HEALTH_SUCCESSES", "N",
                "healthy answers in a row that stop the server, 1-100; default 2");

        private final String flag;
        private final String env;
        private final String argument;
        private final String help;

        Option(String flag, String env, String argument, String help) {
            this.flag = flag;
            this.env = env;
            this.argument = argument;
            this.help = help;
        }

        /**
         * The command-line flag.
         *
         * @return the flag, such as {@code --port}
         */
        public String flag() {
            return flag;
        }

        /**
         * The environment variable.
         *
         * @return its name, such as {@code MAINTENANCE_PORT}
         */
        public String env() {
            return env;
        }
    }

    /** The {@code --help} text. */
    public static final String USAGE = usage();

    /** Bad configuration: the message names the variable or flag, the value and the rule. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --help} was given. */
    public static final class HelpRequested extends Exception {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help requested", null, false, false);
        }
    }

    /**
     * Reads the configuration.
     *
     * @param env    environment variables ({@code System.getenv()})
     * @param args   command-line arguments; they win over the environment
     * @param loader for {@code classpath:} templates and texts
     * @return the configuration
     * @throws UsageException naming the bad setting
     * @throws HelpRequested  for {@code --help} or {@code -h}
     */
    public static StandaloneConfig parse(Map<String, String> env, String[] args, ClassLoader loader)
            throws UsageException, HelpRequested {
        return parse(env, args, loader, Clock.systemUTC());
    }

    /**
     * {@link #parse(Map, String[], ClassLoader)} with the clock that judges the certificate's dates.
     *
     * @param env    environment variables ({@code System.getenv()})
     * @param args   command-line arguments; they win over the environment
     * @param loader for {@code classpath:} templates and texts
     * @param clock  the current time, for refusing an expired certificate
     * @return the configuration
     * @throws UsageException naming the bad setting
     * @throws HelpRequested  for {@code --help} or {@code -h}
     */
    public static StandaloneConfig parse(Map<String, String> env, String[] args, ClassLoader loader, Clock clock)
            throws UsageException, HelpRequested {
        Map<Option, String> values = new EnumMap<>(Option.class);
        Map<Option, String> source = new EnumMap<>(Option.class);
        for (Option o : Option.values()) {
            String v = env.get(o.env);
            if (v != null && !v.isBlank()) {
                values.put(o, v.trim());
                source.put(o, o.env);
            }
        }
        Map<Option, Boolean> seen = new EnumMap<>(Option.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Option option = null;
            for (Option o : Option.values()) {
                if (o.flag.equals(name)) {
                    option = o;
                }
            }
            if (option == null) {
                throw new UsageException("unknown argument '" + arg + "'");
            }
            if (seen.put(option, Boolean.TRUE) != null) {
                throw new UsageException(option.flag + " given twice");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(option.flag + " needs a value (" + option.argument + ")");
                }
                value = args[++i];
            }
            values.put(option, value.trim());
            source.put(option, option.flag);
        }
        return new Reader(values, source).build(loader, clock);
    }

    /** Converts the raw values, naming the source of a bad one. */
    private static final class Reader {
        private final Map<Option, String> values;
        private final Map<Option, String> source;

        Reader(Map<Option, String> values, Map<Option, String> source) {
            this.values = values;
            this.source = source;
        }

        StandaloneConfig build(ClassLoader loader, Clock clock) throws UsageException {
            String host = values.getOrDefault(Option.HOST, DEFAULT_HOST);
            if (host.isEmpty()) {
                throw bad(Option.HOST, "an address is required");
            }
            int port = "off".equalsIgnoreCase(values.get(Option.PORT)) ? OFF
                    : integer(Option.PORT, DEFAULT_PORT, 0, 65_535);
            int status = integer(Option.STATUS, 503, 200, 599);
            int threads = integer(Option.THREADS, DEFAULT_THREADS, 1, 256);
            Duration retryAfter = duration(Option.RETRY_AFTER, Duration.ofSeconds(300));
            if (retryAfter.getSeconds() < 1) {
                throw bad(Option.RETRY_AFTER, "at least 1 second");
            }
            Duration requestTimeout = duration(Option.REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
            if (requestTimeout.toMillis() < 1000 || requestTimeout.compareTo(Duration.ofHours(1)) > 0) {
                throw bad(Option.REQUEST_TIMEOUT, "1s to 1h");
            }
            Duration idleTimeout = duration(Option.IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
            if (idleTimeout.toMillis() < 100 || idleTimeout.compareTo(Duration.ofHours(1)) > 0) {
                throw bad(Option.IDLE_TIMEOUT, "100ms to 1h");
            }
            Duration handshakeTimeout = duration(Option.HANDSHAKE_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT);
            if (handshakeTimeout.toMillis() < 100 || handshakeTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw bad(Option.HANDSHAKE_TIMEOUT, "100ms to 1m");
            }
            int maxConnections = integer(Option.MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS, 1, 100_000);
            Instant until = null;
            if (values.containsKey(Option.UNTIL)) {
                try {
                    until = OffsetDateTime.parse(values.get(Option.UNTIL)).toInstant();
                } catch (DateTimeParseException e) {
                    throw bad(Option.UNTIL, "expected an ISO-8601 time with offset, such as 2026-05-01T14:00:00Z");
                }
            }
            HealthCheck health = healthCheck();
            int httpsPort = values.containsKey(Option.HTTPS_PORT) ? integer(Option.HTTPS_PORT, 0, 0, 65_535) : OFF;
            if (port == OFF && httpsPort == OFF) {
                throw bad(Option.PORT, "HTTP can only be off when HTTPS is on (" + Option.HTTPS_PORT.flag + ")");
            }
            if (port == httpsPort && port != 0) {
                throw bad(Option.HTTPS_PORT, "HTTP and HTTPS need different ports");
            }
            TlsMaterial tls = new TlsOptions(values, source).material(httpsPort != OFF, clock);
            try {
                return new StandaloneConfig(host, port, status, retryAfter, until, page(loader), threads,
                        requestTimeout, health, httpsPort, tls, maxConnections, idleTimeout, handshakeTimeout);
            } catch (MaintenanceException e) {
                throw new UsageException(e.getMessage());
            }
        }

        /** The {@code --stop-when-healthy} check; its other options only come with it. */
        private HealthCheck healthCheck() throws UsageException {
            if (!values.containsKey(Option.STOP_WHEN_HEALTHY)) {
                for (Option o : List.of(Option.HEALTH_INTERVAL, Option.HEALTH_TIMEOUT, Option.HEALTH_SUCCESSES)) {
                    if (values.containsKey(o)) {
                        throw bad(o, "only used with " + Option.STOP_WHEN_HEALTHY.flag + " (or "
                                + Option.STOP_WHEN_HEALTHY.env + ")");
                    }
                }
                return null;
            }
            URI url;
            try {
                url = new URI(values.get(Option.STOP_WHEN_HEALTHY));
            } catch (URISyntaxException e) {
                throw bad(Option.STOP_WHEN_HEALTHY, "not a URL (" + e.getReason() + ")");
            }
            String problem = HealthCheck.urlProblem(url);
            if (problem != null) {
                throw bad(Option.STOP_WHEN_HEALTHY, problem);
            }
            Duration interval = duration(Option.HEALTH_INTERVAL, HealthCheck.DEFAULT_INTERVAL);
            if (interval.compareTo(HealthCheck.MIN) < 0 || interval.compareTo(HealthCheck.MAX_INTERVAL) > 0) {
                throw bad(Option.HEALTH_INTERVAL, "100ms to 1h");
            }
            Duration timeout = duration(Option.HEALTH_TIMEOUT, HealthCheck.DEFAULT_TIMEOUT);
            if (timeout.compareTo(HealthCheck.MIN) < 0 || timeout.compareTo(HealthCheck.MAX_TIMEOUT) > 0) {
                throw bad(Option.HEALTH_TIMEOUT, "100ms to 1m");
            }
            int successes = integer(Option.HEALTH_SUCCESSES, HealthCheck.DEFAULT_SUCCESSES, 1,
                    HealthCheck.MAX_SUCCESSES);
            return new HealthCheck(url, interval, timeout, successes);
        }

        /** One step of building the page settings; a refusal is reported against its option. */
        private interface Step {
            PageSettings apply(PageSettings page) throws UsageException;
        }

        private PageSettings step(PageSettings page, Option o, Step step) throws UsageException {
            if (!values.containsKey(o)) {
                return page;
            }
            try {
                return step.apply(page);
            } catch (MaintenanceException e) {
                throw new UsageException(source.get(o) + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException(source.get(o) + ": cannot use '" + values.get(o) + "': " + e.getMessage());
            }
        }

        private PageSettings page(ClassLoader loader) throws UsageException {
            PageSettings page = PageSettings.ofDefaults();
            page = step(page, Option.TITLE, p -> p.withTitle(values.get(Option.TITLE)));
            page = step(page, Option.MESSAGE, p -> p.withMessage(values.get(Option.MESSAGE)));
            page = step(page, Option.MESSAGES, p -> p.withExtraMessages(split(values.get(Option.MESSAGES), "\\|")));
            page = step(page, Option.ROTATE, p -> p.withRotateInterval(duration(Option.ROTATE, null)));
            page = step(page, Option.REFRESH, p -> p.withRefresh(duration(Option.REFRESH, null)));
            page = step(page, Option.REFRESH_HEADER, p -> p.withRefreshHeader(bool(Option.REFRESH_HEADER)));
            page = step(page, Option.TEMPLATE, p -> p.withTemplate(resource(values.get(Option.TEMPLATE), loader,
                    PageTemplate::fromClasspath, PageTemplate::fromFile)));
            page = step(page, Option.TEXTS, p -> p.withTexts(resource(values.get(Option.TEXTS), loader,
                    PageTexts::fromClasspath, PageTexts::fromFile)));
            if (values.containsKey(Option.LANGUAGES)) {
                page = step(page, Option.LANGUAGES, p -> p.withLanguages(split(values.get(Option.LANGUAGES), ",")));
            } else if (!page.texts().isEmpty()) {
                List<String> list = new ArrayList<>(PageTexts.BUILT_IN_LANGUAGES);
                for (String l : page.texts().languages()) {
                    if (!list.contains(l)) {
                        list.add(l);
                    }
                }
                page = step(page, Option.TEXTS, p -> p.withLanguages(list));
            }
            return page;
        }

        private static <T> T resource(String value, ClassLoader loader,
                java.util.function.BiFunction<String, ClassLoader, T> classpath,
                java.util.function.Function<Path, T> file) {
            return value.startsWith("classpath:") ? classpath.apply(value.substring("classpath:".length()), loader)
                    : file.apply(Path.of(value));
        }

        private static List<String> split(String value, String separator) {
            List<String> out = new ArrayList<>();
            for (String m : value.split(separator)) {
                if (!m.isBlank()) {
                    out.add(m.trim());
                }
            }
            return out;
        }

        private int integer(Option o, int def, int min, int max) throws UsageException {
            String v = values.get(o);
            if (v == null) {
                return def;
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw bad(o, "expected a number from " + min + " to " + max);
            }
            if (n < min || n > max) {
                throw bad(o, "expected a number from " + min + " to " + max);
            }
            return n;
        }

        private Duration duration(Option o, Duration def) throws UsageException {
            String v = values.get(o);
            if (v == null) {
                return def;
            }
            try {
                return Durations.parse(v);
            } catch (MaintenanceException e) {
                throw bad(o, "expected a duration such as 30s, 5m or 300");
            }
        }

        private boolean bool(Option o) throws UsageException {
            String v = values.get(o).toLowerCase(Locale.ROOT);
            return switch (v) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(o, "expected true or false");
            };
        }

        UsageException bad(Option o, String rule) {
            return new UsageException(source.get(o) + ": " + rule + ", got '" + values.get(o) + "'");
        }
    }

    private static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: java -jar maintenance-standalone.jar [OPTIONS]\n\n");
        sb.append("Serves the maintenance page on every path (status 503, Retry-After, X-Maintenance-Mode: true)\n");
        sb.append("and GET /health (200 JSON) until SIGTERM or Ctrl-C, or until the application is healthy\n");
        sb.append("(--stop-when-healthy). Each option can also be set with the environment variable shown;\n");
        sb.append("a flag wins over its variable. HTTPS: --https-port 443 with --tls-cert and --tls-key, or with\n");
        sb.append("--tls-keystore; --port off serves HTTPS only.\n\n");
        for (Option o : Option.values()) {
            String left = "  " + o.flag + " " + o.argument;
            sb.append(left);
            sb.append(" ".repeat(Math.max(1, 30 - left.length())));
            sb.append(o.env).append('\n');
            sb.append("      ").append(o.help).append('\n');
        }
        sb.append("  --help\n      print this help and exit\n");
        return sb.toString();
    }
}
