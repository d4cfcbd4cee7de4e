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
     */
    record Create(String target, Change.Schedule change) implements ScheduleRequest {
        /**
         * Checks that no component is {@code null}.
         *
         * @param target the target field as received, for logs
         * @param change the window to schedule
         */
        public Create {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(change, "change");
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
