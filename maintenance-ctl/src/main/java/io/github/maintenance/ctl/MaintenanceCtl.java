package io.github.maintenance.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.CharBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code maintenancectl}: the command-line client of the registry. This class is the top command:
 * it holds the global options, which picocli accepts before or after the subcommand, and maps
 * outcomes to exit statuses; each subcommand is its own class.
 *
 * <p>Each invocation registers its own short session ({@code maintenancectl/cli-<host>-<pid>})
 * and ends it with {@code CLIENT_SHUTDOWN}, which leaves maintenance and drain as they are.
 *
 * <p>Exit status: {@value #EXIT_OK} on success, {@value #EXIT_FAILED} when the registry cannot be
 * reached or refuses the command, {@value #EXIT_USAGE} for bad arguments, {@value #EXIT_NOT_STORED}
 * when a change took effect on the application instance only because the cluster state store could
 * not save it (a warning on stderr says so), and for {@code status --cluster} when an instance
 * lags behind the cluster's state version; {@code exec} returns
 * the command's own status, {@value #EXIT_NOT_RUNNABLE} when the command cannot be found (then
 * nothing was entered).
 */
@Command(name = "maintenancectl", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = MaintenanceCtl.Version.class, sortOptions = false,
        description = "The command-line client of the maintenance registry.",
        subcommands = {StatusCommand.class, EnterCommand.class, ExitCommand.class, DrainCommand.class,
            CancelDrainCommand.class, WatchCommand.class, ExecCommand.class, ScheduleCommand.class,
            SchedulesCommand.class, UnscheduleCommand.class, AuditCommand.class, HelpCommand.class},
        footerHeading = "%n",
        footer = {"Global options go before or after the command.",
            "TIME: RFC 3339 (2026-05-01T14:00:00Z) or a duration from now (30m).",
            "DURATION: 30 (seconds), 90s, 2m or PT2M.",
            "Exit status: 0 done, 1 registry unreachable or refused, 2 bad arguments;",
            "3 changed on this instance only: the cluster store is unavailable (a warning says so);",
            "status --cluster: 3 when an instance lags behind the cluster's state version;",
            "exec: COMMAND's status (127: COMMAND not found, nothing entered)."})
public final class MaintenanceCtl implements Callable<Integer> {

    /** Exit status on success. */
    public static final int EXIT_OK = 0;
    /** Exit status when the registry cannot be reached or refuses the command. */
    public static final int EXIT_FAILED = 1;
    /** Exit status for bad arguments. */
    public static final int EXIT_USAGE = 2;
    /**
     * Exit status when a change took effect on the application instance only: the cluster state
     * store (Redis) could not save it, so the other instances do not follow.
     */
    public static final int EXIT_NOT_STORED = 3;
    /** Exit status of {@code exec} when its command cannot be found or run. */
    public static final int EXIT_NOT_RUNNABLE = 127;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", scope = ScopeType.INHERIT,
            description = "registry address (default: 127.0.0.1)")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", scope = ScopeType.INHERIT,
            description = "registry port (default: 7000)")
    int port = 7000;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "shared token (default: $MAINTENANCE_TOKEN)")
    String token;

    @Option(names = "--tls", scope = ScopeType.INHERIT,
            description = "connect with TLS, trusting the JVM's CAs (or --truststore)")
    boolean tls;

    @Option(names = "--truststore", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "PKCS12 file with the registry's certificate, password $MAINTENANCE_TRUSTSTORE_PASSWORD "
                + "(default changeit); implies --tls")
    Path truststore;

    private final Map<String, String> env;

    private MaintenanceCtl(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Runs and exits with the status.
     *
     * @param args the command line ({@code --help} lists the commands)
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err, System.getenv());
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs one invocation.
     *
     * @param args the command line
     * @param out  where results go
     * @param err  where errors go
     * @param env  the environment ({@code MAINTENANCE_TOKEN}, {@code MAINTENANCE_TRUSTSTORE_PASSWORD})
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        PrintWriter o = writer(out);
        PrintWriter e = writer(err);
        try {
            return commandLine(env, o, e).execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** The picocli command tree with this client's handlers, writing to {@code out} and {@code err}. */
    static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MaintenanceCtl(env));
        cl.getSubcommands().get("exec").setStopAtPositional(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(MaintenanceCtl::usageError);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof FailedException) {
                commandLine.getErr().println("maintenancectl: " + ex.getMessage());
                return EXIT_FAILED;
            }
            throw ex;
        });
        return cl;
    }

    /** A writer whose text the stream encodes with its own charset. */
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                stream.append(CharBuffer.wrap(buf, off, len));
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                stream.flush();
            }
        }, true);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("maintenancectl: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println(cl.getParent() == null ? "Run 'maintenancectl help' for usage."
                : "Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return EXIT_USAGE;
    }

    /** Without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    // ---- what the subcommands share -------------------------------------------------------------------

    /** Where a subcommand prints its results. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where a subcommand prints progress, warnings and errors. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A warning on stderr. */
    void warn(String message) {
        err().println("maintenancectl: warning: " + message);
        err().flush();
    }

    /**
     * Ends a successful change command: when the registry says the state store did not save the
     * change, the warning goes to stderr and the status is {@value #EXIT_NOT_STORED}, else
     * {@value #EXIT_OK}.
     */
    int changed(CtlSession s) {
        String warning = s.storeWarning();
        if (warning == null) {
            return EXIT_OK;
        }
        warn(warning);
        return EXIT_NOT_STORED;
    }

    /** The token from {@code --token}, else from {@code $MAINTENANCE_TOKEN}, or {@code null}. */
    String token() {
        return token != null ? token : env.get("MAINTENANCE_TOKEN");
    }

    String truststorePassword() {
        return env.getOrDefault("MAINTENANCE_TRUSTSTORE_PASSWORD", "changeit");
    }

    boolean useTls() {
        return tls || truststore != null;
    }

    /**
     * Registers this invocation's session, after checking the global options.
     *
     * @throws ParameterException for a bad port or host
     * @throws FailedException    when the registry is unreachable or refuses the session
     */
    CtlSession open() throws FailedException {
        if (port < 1 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be a number from 1 to 65535, got '"
                    + port + "'");
        }
        if (host.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--host needs an address");
        }
        return CtlSession.open(this);
    }

    /** Removes a shutdown hook unless the JVM is already running it. */
    static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran)
        }
    }

    /** The version from {@code version.properties}, which the build fills in. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"maintenancectl " + version()};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = MaintenanceCtl.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // below
            }
            return p.getProperty("version", "unknown");
        }
    }
}
