package io.github.maintenance.ctl;

import io.github.maintenance.Target;
import io.github.maintenance.registry.protocol.CommandLine;
import io.github.maintenance.registry.protocol.WireJson;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code enter}: puts a target into maintenance and waits until the registry confirms it. */
@Command(name = "enter", header = "Enter maintenance.",
        description = "Enter maintenance on the target. With --url, wait until the registry has reached the page (a "
            + "page that stays down is a warning: maintenance is on, with the built-in page meanwhile).")
final class EnterCommand implements Callable<Integer> {

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

    @Mixin
    ReasonOption reason;

    @Override
    public Integer call() throws FailedException {
        Target t = target.target();
        Entering entering = new Entering(t, page, until == null ? null : Args.time(spec, until, "--until"));
        reason.check();
        try (CtlSession s = ctl.open()) {
            target.check(s, t, false);
            reason.send(s);
            String warning = s.enter(entering.line(s.id));
            ctl.out().println("Maintenance entered on " + t + ".");
            if (warning != null) {
                ctl.warn(warning);
            }
            return ctl.changed(s);
        }
    }

    /** What {@code enter} and {@code exec} send, checked before anything is. */
    static final class Entering {
        private final Target target;
        private final String url;
        private final Map<String, Object> json;
        private final boolean extended;

        /** {@code until}: in wire form, or {@code null}. */
        Entering(Target target, PageOptions page, String until) {
            this.target = target;
            this.url = page.checkedUrl();
            this.json = page.json();
            if (until != null) {
                json.put("until", until);
            }
            this.extended = page.extended() || until != null;
        }

        /** {@code MAINT_ENTER_EX} when there is a message, an end or a Retry-After, else {@code MAINT_ENTER}. */
        String line(String sessionId) {
            return extended ? CommandLine.join("MAINT_ENTER_EX", sessionId, target.toString(), WireJson.write(json))
                    : CommandLine.join("MAINT_ENTER", sessionId, target.toString(), url);
        }
    }
}
