package io.github.maintenance.ctl;

import io.github.maintenance.registry.protocol.Reply;

/**
 * Exits maintenance on what {@code exec} entered, exactly once, from the main thread or from the
 * shutdown hook (Ctrl-C, SIGTERM); reconnects when the session was lost meanwhile.
 */
final class Exiter {

    private final MaintenanceCtl ctl;
    private final CtlSession session;
    private final String target;
    private final ReasonOption reason;
    private boolean done;
    private String error;

    /** {@code reason}: set again on a fresh session, so that the exit carries it too. */
    Exiter(MaintenanceCtl ctl, CtlSession session, String target, ReasonOption reason) {
        this.ctl = ctl;
        this.session = session;
        this.target = target;
        this.reason = reason;
    }

    /** Why exiting failed, or {@code null}; read after {@link #run()}. */
    synchronized String error() {
        return error;
    }

    synchronized void run() {
        if (done) {
            return;
        }
        done = true;
        try {
            warn(session.exit(target));
            session.close();
            return;
        } catch (FailedException e) {
            session.close();
            if (Reply.refusesTarget(e.registryError())) {
                error = e.getMessage();
                return;
            }
        }
        try (CtlSession fresh = CtlSession.open(ctl)) {
            reason.send(fresh);
            warn(fresh.exit(target));
        } catch (FailedException e) {
            error = e.getMessage();
        }
    }

    private void warn(String warning) {
        if (warning != null) {
            ctl.warn(warning);
        }
    }
}
