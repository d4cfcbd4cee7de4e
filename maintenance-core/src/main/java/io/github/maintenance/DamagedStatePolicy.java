package io.github.maintenance;

/**
 * What a controller does when the state store holds a damaged state at start (a file that cannot
 * be parsed, a field out of range, a version that cannot move on): chosen with
 * {@link MaintenanceConfig.Builder#onDamagedState(DamagedStatePolicy)}.
 *
 * <p>Whatever the policy, the damage is logged at ERROR and reported by
 * {@link MaintenanceController#storeStatus()} ({@link io.github.maintenance.spi.StoreStatus#damage()})
 * until a change is saved over it or a good state is read from the store.
 */
public enum DamagedStatePolicy {

    /** Every route serves, as if nothing had been saved (the default). */
    SERVE,

    /**
     * The whole application enters maintenance (as for {@code ALL}), caused by
     * {@link Cause.Source#STORE} with the damage as the actor, until an operator exits it.
     */
    MAINTENANCE
}
