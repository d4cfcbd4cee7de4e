package io.github.maintenance.registry.protocol;

import io.github.maintenance.change.Change;

import java.net.URI;
import java.util.Objects;

/** {@code MAINT_ENTER}, {@code MAINT_ENTER_EX}, {@code MAINT_EXIT}, {@code MAINT_STATUS} and {@code MAINT_ROUTES}. */
public sealed interface MaintRequest extends Request {

    /**
     * {@code MAINT_ENTER|sid|target|page_url} or {@code MAINT_ENTER_EX|sid|target|json}.
     *
     * @param target  the target field exactly as received, echoed in {@code MAINT_OK|<target>}
     * @param change  the maintenance to enter
     * @param pageUri the custom page to verify, checked against the outbound policy, or {@code null}
     *                for the built-in page
     * @param reason  the reason given with this change ({@code "reason"} of {@code MAINT_ENTER_EX},
     *                checked, {@code ""} for explicitly none), or {@code null} for the session's reason
     */
    record Enter(String target, Change.Enter change, URI pageUri, String reason) implements MaintRequest {
        /**
         * Checks that the target and the change are not {@code null}.
         *
         * @param target  the target field exactly as received
         * @param change  the maintenance to enter
         * @param pageUri the custom page to verify, or {@code null}
         * @param reason  the change's own reason, or {@code null} for the session's
         */
        public Enter {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(change, "change");
        }

        /**
         * An entry with the session's reason.
         *
         * @param target  the target field exactly as received
         * @param change  the maintenance to enter
         * @param pageUri the custom page to verify, or {@code null}
         */
        public Enter(String target, Change.Enter change, URI pageUri) {
            this(target, change, pageUri, null);
        }
    }

    /**
     * {@code MAINT_EXIT|sid|target}.
     *
     * @param target the target field exactly as received
     * @param change the maintenance to leave
     */
    record Exit(String target, Change.Exit change) implements MaintRequest {
        /**
         * Checks that no component is {@code null}.
         *
         * @param target the target field exactly as received
         * @param change the maintenance to leave
         */
        public Exit {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(change, "change");
        }
    }

    /** {@code MAINT_STATUS}. */
    record Status() implements MaintRequest {
    }

    /** {@code MAINT_ROUTES} (an extension): every route of the controller, whoever declared it. */
    record Routes() implements MaintRequest {
    }
}
