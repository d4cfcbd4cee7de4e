package io.github.maintenance.ctl;

import io.github.maintenance.registry.protocol.Reply;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code unschedule ID}: cancels a window. */
@Command(name = "unschedule", header = "Cancel a scheduled window.",
        description = "Cancel a scheduled window; one in progress also ends the maintenance it entered.")
final class UnscheduleCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "the window's id (see 'schedules')")
    String id;

    @Mixin
    ReasonOption reason;

    @Override
    public Integer call() throws FailedException {
        if (id.isBlank() || id.indexOf('|') >= 0 || id.chars().anyMatch(Character::isISOControl)) {
            throw Args.usage(spec, "unschedule needs the window's id (see 'schedules'), got '" + id + "'");
        }
        reason.check();
        try (CtlSession s = ctl.open()) {
            reason.send(s);
            String reply = s.call("MAINT_UNSCHEDULE", id.trim());
            ctl.out().println("Cancelled maintenance window " + Reply.payload(reply) + ".");
            return ctl.changed(s);
        }
    }
}
