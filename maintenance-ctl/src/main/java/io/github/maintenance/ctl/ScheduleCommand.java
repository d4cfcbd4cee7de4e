package io.github.maintenance.ctl;

import io.github.maintenance.Target;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code schedule}: a maintenance window that starts and ends by itself; prints its id. */
@Command(name = "schedule", header = "Schedule a maintenance window.",
        description = "Schedule a maintenance window and print its id. Until it starts, responses on its routes "
            + "carry X-Maintenance-Scheduled: <start>/<end>.")
final class ScheduleCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--start", paramLabel = "TIME", description = "when the window starts (required)")
    String start;

    @Option(names = "--end", paramLabel = "TIME", description = "when it ends (required)")
    String end;

    @Mixin
    PageOptions page;

    @Mixin
    ReasonOption reason;

    @Override
    public Integer call() throws FailedException {
        Target t = target.target();
        String from = start == null ? null : Args.time(spec, start, "--start");
        String to = end == null ? null : Args.time(spec, end, "--end");
        if (from == null || to == null) {
            throw Args.usage(spec, "schedule needs --start TIME and --end TIME");
        }
        String url = page.checkedUrl();
        String json = null;
        if (page.extended()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", from);
            m.put("end", to);
            m.putAll(page.json());
            json = WireJson.write(m);
        }
        reason.check();
        try (CtlSession s = ctl.open()) {
            target.check(s, t, false);
            reason.send(s);
            String reply = json != null ? s.call("MAINT_SCHEDULE_EX", t.toString(), json)
                    : s.call("MAINT_SCHEDULE", t.toString(), from, to, url);
            ctl.out().println("Scheduled maintenance window " + Reply.payload(reply) + " on " + t + " from " + from
                    + " to " + to + ".");
            return ctl.changed(s);
        }
    }
}
