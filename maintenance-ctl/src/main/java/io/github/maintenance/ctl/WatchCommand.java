package io.github.maintenance.ctl;

import io.github.maintenance.registry.protocol.Reply;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code watch}: prints the registry's events as JSON lines until interrupted or disconnected. */
@Command(name = "watch", description = "Print events, one JSON line each, until Ctrl-C.")
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    MaintenanceCtl ctl;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "maintenance, drain, circuit, route, config, schedule or * (default)")
    String type = "*";

    @Override
    public Integer call() throws FailedException {
        CtlSession s = ctl.open();
        Thread hook = new Thread(() -> s.end(false), "maintenancectl-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = ctl.out();
        try {
            s.call("SUBSCRIBE", type);
            out.println("Watching " + type + " events on " + ctl.host + ":" + ctl.port + " (Ctrl-C to stop)");
            out.flush();
            s.client.readTimeout(Duration.ZERO);
            while (true) {
                String line = s.client.nextLine();
                if (line.startsWith(Reply.EVENT + "|")) {
                    out.println(line.substring(Reply.EVENT.length() + 1));
                    out.flush();
                }
            }
        } catch (IOException e) {
            if (s.closed) {
                return MaintenanceCtl.EXIT_OK;
            }
            throw new FailedException("the registry closed the connection");
        } finally {
            s.close();
            MaintenanceCtl.removeShutdownHook(hook);
        }
    }
}
