package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.change.Changes;
import io.github.maintenance.registry.protocol.ProtocolException;
import io.github.maintenance.registry.protocol.Reply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a session's changes to the controller: one {@link Change} or one {@link Changes}
 * batch is one transition. A refusal is answered by its kind ({@link ProtocolException#refused});
 * anything else (the controller closed) is the caller's {@code internal error}. A change the
 * state store could not save still took effect here; the session's next {@code MAINT_STATUS}
 * says so ({@code "stored":false}).
 *
 * <p>Thread-safe.
 */
final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    private final MaintenanceController controller;

    Applier(MaintenanceController controller) {
        this.controller = controller;
    }

    ChangeResult apply(Session s, Change change) throws ProtocolException {
        return apply(s, Changes.of(change), null);
    }

    /**
     * Applies one change with its own reason.
     *
     * @param reason the change's own reason (checked), or {@code null} for the session's
     */
    ChangeResult apply(Session s, Change change, String reason) throws ProtocolException {
        return apply(s, Changes.of(change), reason);
    }

    ChangeResult apply(Session s, Changes changes) throws ProtocolException {
        return apply(s, changes, null);
    }

    /**
     * Applies {@code changes} with the session's cause ({@code reason}: the changes' own reason, or
     * {@code null} for the session's); records on the session whether the state store saved them (see
     * {@link Session#lastChangeNotStored}).
     */
    ChangeResult apply(Session s, Changes changes, String reason) throws ProtocolException {
        ChangeResult result;
        try {
            result = controller.apply(changes, s.cause(reason));
        } catch (MaintenanceException e) {
            throw ProtocolException.refused(e);
        }
        s.lastChangeNotStored = !result.storeSaved();
        if (!result.storeSaved()) {
            LOG.warn("Registry session {} ({}): change {} {}", s.logId(), s.actor(), result.version(),
                    Reply.STORE_UNAVAILABLE);
        }
        return result;
    }
}
