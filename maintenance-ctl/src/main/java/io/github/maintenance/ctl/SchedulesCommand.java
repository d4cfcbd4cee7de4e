package io.github.maintenance.ctl;

import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code schedules}: the windows not over yet. */
@Command(name = "schedules", description = "List the scheduled windows not over yet.")
final class SchedulesCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Option(names = "--json", description = "print the registry's JSON array")
    boolean json;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws FailedException {
        try (CtlSession s = ctl.open()) {
            String payload = Reply.payload(s.call("MAINT_SCHEDULES"));
            PrintWriter out = ctl.out();
            if (json) {
                out.println(payload);
                return MaintenanceCtl.EXIT_OK;
            }
            Object parsed;
            try {
                parsed = WireJson.parse(payload);
            } catch (WireJson.InvalidJsonException e) {
                throw new FailedException("the registry sent an unreadable list of windows");
            }
            List<Map<String, Object>> windows = parsed instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
            if (windows.isEmpty()) {
                out.println("Scheduled windows: none");
                return MaintenanceCtl.EXIT_OK;
            }
            out.println("Scheduled windows: " + windows.size());
            for (Map<String, Object> w : windows) {
                StringBuilder sb = new StringBuilder("  ").append(w.get("id")).append("  ").append(w.get("target"))
                        .append("  ").append(w.get("start")).append(" to ").append(w.get("end"));
                if (Boolean.TRUE.equals(w.get("started"))) {
                    sb.append("  (in progress)");
                }
                StatusCommand.appendIfSet(sb, "page", w.get("page_url"));
                StatusCommand.appendIfSet(sb, "message", w.get("message"));
                out.println(sb);
            }
            return MaintenanceCtl.EXIT_OK;
        }
    }
}
