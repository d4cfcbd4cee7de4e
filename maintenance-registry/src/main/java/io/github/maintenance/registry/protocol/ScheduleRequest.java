package io.github.maintenance.registry.protocol;

import io.github.maintenance.change.Change;

import java.util.Objects;

/** The schedule extension: {@code MAINT_SCHEDULE}, {@code MAINT_SCHEDULE_EX}, {@code MAINT_SCHEDULES}, {@code MAINT_UNSCHEDULE}. */
public sealed interface ScheduleRequest extends Request {

    /**
     * {@code MAINT_SCHEDULE|sid|target|start|end|url} or {@code MAINT_SCHEDULE_EX|sid|target|json}.
     *
     * @param target the target field as received, for logs
     * @param change the window to schedule
     * @param reason the reason given with this change ({@code "reason"} of {@code MAINT_SCHEDULE_EX},
     *               checked, {@code ""} for explicitly none), or {@code null} for the session's reason
     */
    record Create(String target, Change.Schedule change, String reason) implements ScheduleRequest {
        /**
         * Checks that the target and the change are not {@code null}.
         *
         * @param target the target field as received, for logs
         * @param change the window to schedule
         * @param reason the change's own reason, or {@code null} for the session's
         */
        public Create {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(change, "change");
        }

        /**
         * A window with the session's reason.
         *
         * @param target the target field as received, for logs
         * @param change the window to schedule
         */
        public Create(String target, Change.Schedule change) {
            this(target, change, null);
        }
    }

    /** {@code MAINT_SCHEDULES}. */
    record ListWindows() implements ScheduleRequest {
    }

    /**
     * {@code MAINT_UNSCHEDULE|sid|id}.
     *
     * @param change the cancellation of the window
     */
    record Cancel(Change.Unschedule change) implements ScheduleRequest {
        /**
         * Checks that the change is not {@code null}.
         *
         * @param change the cancellation of the window
         */
        public Cancel {
            Objects.requireNonNull(change, "change");
        }
    }
}
