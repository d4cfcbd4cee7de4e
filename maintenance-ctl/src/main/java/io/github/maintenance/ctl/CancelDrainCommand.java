package io.github.maintenance.ctl;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code cancel-drain}: ends the drain. */
@Command(name = "cancel-drain", description = "End the drain.")
final class CancelDrainCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Mixin
    ReasonOption reason;

    @Override
    public Integer call() throws FailedException {
        reason.check();
        try (CtlSession s = ctl.open()) {
            reason.send(s);
            s.call("DRAIN_CANCEL");
            ctl.out().println("Drain cancelled.");
            return ctl.changed(s);
        }
    }
}
