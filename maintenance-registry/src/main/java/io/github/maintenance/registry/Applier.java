package io.github.maintenance.registry;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.MaintenanceException;
import io.github.maintenance.change.Change;
import io.github.maintenance.change.ChangeResult;
import io.github.maintenance.change.Changes;
import io.github.maintenance.registry.protocol.ProtocolException;

/**
 * Applies a session's changes to the controller: one {@link Change} or one {@link Changes}
 * batch is one transition. A refusal is answered by its kind ({@link ProtocolException#refused});
 * anything else (the controller closed) is the caller's {@code internal error}.
 *
 * <p>Thread-safe.
 */
final class Applier {

    private final MaintenanceController controller;

    Applier(MaintenanceController controller) {
        this.controller = controller;
    }

    ChangeResult apply(Session s, Change change) throws ProtocolException {
        return apply(s, Changes.of(change));
    }

    ChangeResult apply(Session s, Changes changes) throws ProtocolException {
        try {
            return controller.apply(changes, s.cause());
        } catch (MaintenanceException e) {
            throw ProtocolException.refused(e);
        }
    }
}
