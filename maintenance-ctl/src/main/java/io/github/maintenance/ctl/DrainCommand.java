package io.github.maintenance.ctl;

import io.github.maintenance.registry.protocol.Reply;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code drain DURATION}: drains the whole instance. */
@Command(name = "drain", header = "Drain the whole instance.",
        description = "Drain the whole instance over DURATION; a new drain restarts it.")
final class DrainCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DURATION", description = "30 (seconds), 90s, 2m")
    String duration;

    @Mixin
    ReasonOption reason;

    @Override
    public Integer call() throws FailedException {
        String d = Args.duration(spec, duration, "drain");
        reason.check();
        try (CtlSession s = ctl.open()) {
            reason.send(s);
            String reply = s.call("DRAIN_START", d);
            ctl.out().println("Draining the instance until " + Reply.payload(reply) + ".");
            return ctl.changed(s);
        }
    }
}
