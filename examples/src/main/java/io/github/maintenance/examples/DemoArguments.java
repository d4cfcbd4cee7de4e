package io.github.maintenance.examples;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The demo's command line: its usage text and the parser of its options. Stateless. */
final class DemoArguments {

    private DemoArguments() {
    }

    static final String USAGE = """
            Usage: java -jar maintenance-demo.jar [--http-port PORT] [--host ADDRESS]
                   [--registry-port PORT] [--token SECRET] [--state-dir DIR] [--redis redis://HOST:PORT]
                   [--jdbc URL [--jdbc-user USER] [--jdbc-password PASSWORD]]
                   [--webhook URL [--webhook-secret SECRET]]

              --http-port PORT      port to listen on, 0 to 65535 (0 picks a free port); default 8080
              --host ADDRESS        address to bind; default 127.0.0.1 (this machine only)
              --registry-port PORT  registry (maintenancectl) port on 127.0.0.1, 0 to 65535; default 7000
              --token SECRET        token the registry requires (maintenancectl --token SECRET) and the
                                    dashboard's token; without it the dashboard gets a random one,
                                    printed at start
              --state-dir DIR       keep the state in DIR/maintenance-state.properties (survives restarts)
                                    and watch the flag file DIR/.maintenance
              --redis URI           share the state with every instance on this Redis
                                    (redis://HOST:PORT[/DB]); with --state-dir, also keep a local copy
              --jdbc URL            share the state with every instance on this database
                                    (jdbc:postgresql://HOST:PORT/DB; the table maintenance_state is
                                    created if missing); with --state-dir, also keep a local copy
              --jdbc-user USER      the database user (or user= in the URL)
              --jdbc-password PASS  the database password (or password= in the URL)
              --webhook URL         post each change (enter, exit, drain, schedule, circuit opened) as
                                    JSON to URL; retried with back-off, dropped when 1000 are waiting
              --webhook-secret S    sign the posts with HMAC-SHA256 (headers webhook-id,
                                    webhook-timestamp, webhook-signature); without it they are unsigned
              --help                print this help and exit

            Routes behind the maintenance filter: site (/), api (/api), admin (/admin).
            /health is never blocked; /ready answers 503 while the instance drains.
            Toggle maintenance from this machine (the control endpoint answers loopback clients only):
              curl -X POST 'http://127.0.0.1:8080/_control/enter?target=/admin&message=Back+soon'
              curl -X POST 'http://127.0.0.1:8080/_control/exit?target=/admin'
              curl -X POST 'http://127.0.0.1:8080/_control/drain?seconds=30'
              curl -X POST  http://127.0.0.1:8080/_control/cancel
              curl          http://127.0.0.1:8080/_control/status
            The dashboard (page, JSON API, actions) is at http://127.0.0.1:8080/maintenance-admin/
            and takes the token as 'Authorization: Bearer TOKEN' (the page has a token field).
            Or with the CLI, through the registry:
              scripts/maintenancectl --port 7000 enter --target /admin
              scripts/maintenancectl --port 7000 exit --target /admin
            """;

    /** Bad command-line arguments; the message says what is wrong. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --help} was given. */
    static final class HelpRequested extends Exception {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help requested", null, false, false);
        }
    }

    /** The options that take a value. */
    private static final java.util.Set<String> VALUE_OPTIONS = java.util.Set.of("--http-port", "--host",
            "--registry-port", "--token", "--state-dir", "--redis", "--jdbc", "--jdbc-user", "--jdbc-password",
            "--webhook", "--webhook-secret");

    /**
     * Parses the command line: {@code --http-port N}, {@code --host ADDRESS},
     * {@code --registry-port N}, {@code --token SECRET}, {@code --state-dir DIR},
     * {@code --redis URI}, {@code --jdbc URL}, {@code --jdbc-user USER},
     * {@code --jdbc-password PASSWORD}, {@code --webhook URL}, {@code --webhook-secret SECRET} (each also as {@code --name=value}, at most once) and
     * {@code --help}.
     *
     * @throws UsageException naming the bad argument
     * @throws HelpRequested  when {@code --help} or {@code -h} is among the arguments
     */
    static DemoApp.Options parse(String... args) throws UsageException, HelpRequested {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                throw new HelpRequested();
            }
            if (!VALUE_OPTIONS.contains(name)) {
                throw new UsageException("unknown argument '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new UsageException(name + " given twice");
            }
        }
        String host = values.get("--host");
        if (host != null && host.isBlank()) {
            throw new UsageException("--host needs an address, got an empty value");
        }
        String token = values.get("--token");
        if (token != null && token.isEmpty()) {
            throw new UsageException("--token needs a value, got an empty one");
        }
        String stateDir = values.get("--state-dir");
        if (stateDir != null && stateDir.isBlank()) {
            throw new UsageException("--state-dir needs a directory, got an empty value");
        }
        String redis = values.get("--redis");
        DemoApp.Jdbc jdbc = jdbc(values);
        if (redis != null && jdbc != null) {
            throw new UsageException("--redis and --jdbc cannot be used together: choose one shared store");
        }
        return new DemoApp.Options(host == null ? DemoApp.DEFAULT_HOST : host.trim(),
                values.containsKey("--http-port") ? parsePort("--http-port", values.get("--http-port")) : DemoApp.DEFAULT_PORT,
                values.containsKey("--registry-port") ? parsePort("--registry-port", values.get("--registry-port"))
                        : DemoApp.DEFAULT_REGISTRY_PORT,
                token, stateDir == null ? null : Path.of(stateDir.trim()),
                redis == null ? null : checkRedis(redis.trim()), jdbc, webhook(values));
    }

    private static DemoApp.Webhook webhook(java.util.Map<String, String> values) throws UsageException {
        String url = values.get("--webhook");
        String secret = values.get("--webhook-secret");
        if (url == null) {
            if (secret != null) {
                throw new UsageException("--webhook-secret needs --webhook URL");
            }
            return null;
        }
        try {
            io.github.maintenance.UrlPolicy.anyHost().check(url);
        } catch (io.github.maintenance.MaintenanceException e) {
            String m = e.getMessage();
            int i = m.indexOf("': ");
            throw new UsageException("--webhook must be an http or https URL: " + (i >= 0 ? m.substring(i + 3) : m));
        }
        if (secret != null && secret.isEmpty()) {
            throw new UsageException("--webhook-secret needs a value, got an empty one");
        }
        return new DemoApp.Webhook(url.trim(), secret);
    }

    private static DemoApp.Jdbc jdbc(java.util.Map<String, String> values) throws UsageException {
        String url = values.get("--jdbc");
        String user = values.get("--jdbc-user");
        String password = values.get("--jdbc-password");
        if (url == null) {
            if (user != null || password != null) {
                throw new UsageException((user != null ? "--jdbc-user" : "--jdbc-password") + " needs --jdbc URL");
            }
            return null;
        }
        url = url.trim();
        if (!url.regionMatches(true, 0, "jdbc:", 0, 5) || url.length() < 7) {
            throw new UsageException("--jdbc must be a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/app, got '"
                    + url + "'");
        }
        if (user != null && user.isBlank()) {
            throw new UsageException("--jdbc-user needs a value, got an empty one");
        }
        return new DemoApp.Jdbc(url, user == null ? null : user.trim(), password);
    }

    private static String checkRedis(String value) throws UsageException {
        try {
            URI u = new URI(value);
            if (("redis".equalsIgnoreCase(u.getScheme()) || "rediss".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UsageException("--redis must be a URI such as redis://127.0.0.1:6379, got '" + value + "'");
    }

    private static int parsePort(String option, String value) throws UsageException {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number from 0 to 65535, got '" + value + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new UsageException(option + " must be a number from 0 to 65535, got " + port);
        }
        return port;
    }
}
