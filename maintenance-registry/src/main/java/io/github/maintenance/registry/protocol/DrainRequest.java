package io.github.maintenance.registry.protocol;

import io.github.maintenance.change.Change;

import java.util.Objects;

/** {@code DRAIN_START}, {@code DRAIN_STATUS} and {@code DRAIN_CANCEL}: the registry drains the whole instance. */
public sealed interface DrainRequest extends Request {

    /**
     * {@code DRAIN_START|sid|duration}: drains {@code ALL} over a duration the core accepts (more than 0, at most 24 h).
     *
     * @param change the drain to start
     */
    record Start(Change.StartDrain change) implements DrainRequest {
        /**
         * Checks that the change is not {@code null}.
         *
         * @param change the drain to start
         */
        public Start {
            Objects.requireNonNull(change, "change");
        }
    }

    /** {@code DRAIN_STATUS}. */
    record Status() implements DrainRequest {
    }

    /**
     * {@code DRAIN_CANCEL}: cancels the drain of {@code ALL}.
     *
     * @param change the cancellation
     */
    record Cancel(Change.CancelDrain change) implements DrainRequest {
        /**
         * Checks that the change is not {@code null}.
         *
         * @param change the cancellation
         */
        public Cancel {
            Objects.requireNonNull(change, "change");
        }
    }
}
