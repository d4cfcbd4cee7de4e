package io.github.maintenance.ctl;

import io.github.maintenance.Target;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code exit}: ends maintenance on a target. */
@Command(name = "exit", description = "Exit maintenance.")
final class ExitCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Spec
    CommandSpec spec;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "ALL (default), route ids, /paths or domains, comma-separated")
    String target = "ALL";

    @Mixin
    ReasonOption reason;

    @Override
    public Integer call() throws FailedException {
        Target t = Args.target(spec, target);
        reason.check();
        try (CtlSession s = ctl.open()) {
            reason.send(s);
            String warning = s.exit(t.toString());
            ctl.out().println("Maintenance exited on " + t + ".");
            if (warning != null) {
                ctl.warn(warning);
            }
            return ctl.changed(s);
        }
    }
}
