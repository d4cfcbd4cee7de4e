package io.github.maintenance.state;

/** What a route does once its drain period is over. */
public enum AfterDrain {
    /** Keep rejecting every request until the drain is cancelled (the default, as in the seeds). */
    KEEP_REJECTING,
    /** Enter maintenance (default page) once the period is over. */
    ENTER_MAINTENANCE
}
