package io.github.maintenance.ctl;

import io.github.maintenance.Durations;
import io.github.maintenance.Target;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code exec [enter options] -- COMMAND ARGS...}: runs a command in maintenance and puts things
 * back as they were. In order:
 * <ol>
 *   <li>the command must exist (a file to execute, or a name on {@code $PATH}), else exit 127
 *       and nothing is entered;</li>
 *   <li>the target is read: when everything it selects is already in maintenance (someone else
 *       entered it), it is not entered again and stays in maintenance afterwards;</li>
 *   <li>otherwise it is entered (the command is not run when that fails), the command runs, and
 *       maintenance is exited on what this run entered, also when the command fails or on Ctrl-C
 *       or SIGTERM. Routes of the target that were already in maintenance stay in it, except under
 *       {@code ALL}, whose exit ends all of it (a warning says so beforehand).</li>
 * </ol>
 * The exit status is the command's own.
 */
@Command(name = "exec", header = "Run a command in maintenance, then restore the state found.",
        description = "Run COMMAND in maintenance and restore the state found: enter the target unless all of it is "
            + "in maintenance already, run COMMAND, then exit what this run entered, also when COMMAND fails, on "
            + "Ctrl-C or SIGTERM. Exits with COMMAND's status; 127 when COMMAND is not found, and then nothing is "
            + "entered. Put -- before COMMAND when it has options. When the cluster store is unavailable, a "
            + "warning says that maintenance holds on this instance only (the status stays COMMAND's).")
final class ExecCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    PageOptions page;

    @Option(names = "--until", paramLabel = "TIME", description = "end maintenance by itself at TIME")
    String until;

    @Option(names = "--wait-idle", paramLabel = "DURATION", description = "after entering, wait until no requests "
            + "are in progress on the target (the server must count them) or DURATION has passed, then run COMMAND")
    String waitIdle;

    @Mixin
    ReasonOption reason;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "the command and its arguments (after --)")
    List<String> command;

    @Override
    public Integer call() throws FailedException {
        Target t = target.target();
        Duration idleLimit = waitIdle == null ? null
                : Durations.parse(Args.duration(spec, waitIdle, "--wait-idle"));
        EnterCommand.Entering entering = new EnterCommand.Entering(t, page,
                until == null ? null : Args.time(spec, until, "--until"));
        reason.check();
        String program = command.get(0);
        String problem = Executables.problem(program);
        PrintWriter err = ctl.err();
        if (problem != null) {
            err.println("maintenancectl: cannot run " + program + ": " + problem + "; maintenance not entered");
            return MaintenanceCtl.EXIT_NOT_RUNNABLE;
        }
        CtlSession s = ctl.open();
        String exitTarget;
        try {
            RouteListing listing = target.check(s, t, true);
            if (listing.available() && listing.allInMaintenance(t)) {
                if (page.any() || until != null) {
                    ctl.warn("--url, --message, --until and --retry-after are not applied: " + t
                            + " is in maintenance already");
                }
                if (idleLimit != null) {
                    waitIdle(s, idleLimit, ids(listing.selected(t)));
                }
                s.close();
                err.println("maintenancectl: " + t + " is in maintenance already; running " + String.join(" ", command)
                        + " and leaving it in maintenance afterwards");
                err.flush();
                int status = runCommand(null);
                err.println("maintenancectl: maintenance left on " + t + " as found (" + program + " exited with "
                        + status + ")");
                return status;
            }
            reason.send(s);
            Set<String> before = listing.available() ? listing.inMaintenance() : Set.of();
            if (t.isAll() && !before.isEmpty()) {
                ctl.warn(String.join(",", before) + " in maintenance already: exiting ALL afterwards ends that too");
            }
            String warning = s.enter(entering.line(s.id));
            if (warning != null) {
                ctl.warn(warning);
            }
            String notStored = s.storeWarning();
            if (notStored != null) {
                ctl.warn(notStored);
            }
            exitTarget = exitTarget(s, t, listing, before);
            if (idleLimit != null) {
                if ("read-only".equals(page.modeName())) {
                    ctl.warn("--wait-idle with --read-only: safe requests (GET, HEAD, ...) keep reaching the "
                            + "application, so the requests in progress may not reach zero");
                }
                RouteListing after = RouteListing.fetch(s);
                waitIdle(s, idleLimit, after.available() ? ids(after.selected(t)) : null);
            }
        } catch (FailedException e) {
            s.close();
            throw new FailedException(e.getMessage() + "; not running " + program);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        err.println("maintenancectl: maintenance entered on " + t + "; running " + String.join(" ", command)
                + (exitTarget.equals(t.toString()) ? "" : " (" + exitTarget + " to be exited afterwards)"));
        err.flush();
        Exiter exiter = new Exiter(ctl, s, exitTarget, reason);
        int status = runCommand(exiter);
        if (exiter.error() != null) {
            err.println("maintenancectl: could not exit maintenance on " + exitTarget + ": " + exiter.error());
            return status == 0 ? MaintenanceCtl.EXIT_FAILED : status;
        }
        err.println("maintenancectl: maintenance exited on " + exitTarget + " (" + program + " exited with " + status
                + ")");
        return status;
    }

    /**
     * {@code --wait-idle}: waits for the requests in progress on {@code routeIds} (every route in
     * maintenance when {@code null}) and says how it ended: a line when idle, a warning otherwise.
     */
    private void waitIdle(CtlSession s, Duration limit, Set<String> routeIds) throws FailedException {
        long[] last = {0};
        IdleWait.Result r = IdleWait.await(s, limit, routeIds, last);
        String line = IdleWait.describe(r, limit, last[0]);
        if (r == IdleWait.Result.IDLE) {
            ctl.err().println("maintenancectl: " + line);
        } else {
            ctl.warn(line);
        }
    }

    private static Set<String> ids(List<RouteListing.Entry> entries) {
        Set<String> ids = new LinkedHashSet<>();
        entries.forEach(e -> ids.add(e.id()));
        return ids;
    }

    /**
     * What to exit afterwards: the target as given, unless some of the routes it selects were in
     * maintenance before (then only the routes this run put into maintenance). {@code ALL} is
     * exited as {@code ALL}: that also ends the maintenance routes added later would inherit.
     */
    private static String exitTarget(CtlSession s, Target t, RouteListing before, Set<String> inMaintenanceBefore)
            throws FailedException {
        if (t.isAll() || !before.available()) {
            return t.toString();
        }
        boolean overlap = before.selected(t).stream().anyMatch(e -> inMaintenanceBefore.contains(e.id()));
        if (!overlap) {
            return t.toString();
        }
        RouteListing after = RouteListing.fetch(s);
        if (!after.available()) {
            return t.toString();
        }
        Set<String> entered = new LinkedHashSet<>();
        for (RouteListing.Entry e : after.selected(t)) {
            if (e.inMaintenance() && !inMaintenanceBefore.contains(e.id())) {
                entered.add(e.id());
            }
        }
        return entered.isEmpty() ? t.toString() : String.join(",", entered);
    }

    /**
     * Runs the command with inherited standard streams; Ctrl-C or SIGTERM stop it (SIGTERM, then
     * SIGKILL after 10 s) and run {@code exiter} (when not {@code null}) before the JVM ends.
     *
     * @return its exit status, 127 when it cannot start, 130 when interrupted
     */
    private int runCommand(Exiter exiter) {
        Process[] child = new Process[1];
        Thread hook = new Thread(() -> {
            Process p = child[0];
            if (p != null && p.isAlive()) {
                p.destroy();
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (exiter != null) {
                exiter.run();
            }
        }, "maintenancectl-exec-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status;
        try {
            child[0] = new ProcessBuilder(new ArrayList<>(command)).inheritIO().start();
            status = child[0].waitFor();
        } catch (IOException e) {
            ctl.err().println("maintenancectl: cannot run " + command.get(0) + ": " + e.getMessage());
            status = MaintenanceCtl.EXIT_NOT_RUNNABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 130;
        } finally {
            if (exiter != null) {
                exiter.run();
            }
            MaintenanceCtl.removeShutdownHook(hook);
        }
        return status;
    }
}
