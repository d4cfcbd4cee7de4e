package io.github.maintenance.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The health of a {@link StateStore}, as operators and dashboards see it: whether the backing is
 * reachable and readable, since when, and whether the state it holds is damaged.
 *
 * <p>An unavailable store does not change what the application serves: the controller keeps its
 * last known state (see {@link StateStore}). A damaged state (one that cannot be parsed or used)
 * is reported through {@link #damage()}; a store that holds one is reachable, and the next save
 * replaces it. Immutable and thread-safe.
 *
 * @param store     what the store is and where it keeps the state ({@code "file /var/lib/app/x"},
 *                  {@code "redis redis://10.0.0.5:6379 prefix shop:"})
 * @param available whether the last operation on the backing succeeded
 * @param detail    {@code "ok"} or what went wrong, for operators (never a secret)
 * @param since     when {@code available} last changed, or {@code null} if it never did
 * @param damage    why the stored state was refused as damaged, or {@code null} when it was not
 */
public record StoreStatus(String store, boolean available, String detail, Instant since, String damage) {

    /**
     * Checks the store's name and fills in the detail: {@code "ok"} or {@code "unavailable"} when none is given.
     * @param store what the store is and where it keeps the state; not null
     * @param available whether the last operation on the backing succeeded
     * @param detail what went wrong, or {@code null} or empty for the default
     * @param since when {@code available} last changed, or {@code null}
     * @param damage why the stored state was refused as damaged; {@code null} or empty for none
     */
    public StoreStatus {
        Objects.requireNonNull(store, "store");
        detail = detail == null || detail.isEmpty() ? (available ? "ok" : "unavailable") : detail;
        damage = damage == null || damage.isEmpty() ? null : damage;
    }

    /**
     * A status without damage.
     *
     * @param store     what the store is and where it keeps the state
     * @param available whether the last operation on the backing succeeded
     * @param detail    {@code "ok"} or what went wrong
     * @param since     when {@code available} last changed, or {@code null}
     */
    public StoreStatus(String store, boolean available, String detail, Instant since) {
        this(store, available, detail, since, null);
    }

    /**
     * {@return an available store with nothing to report}
     *
     * @param store what the store is and where it keeps the state
     */
    public static StoreStatus ok(String store) {
        return new StoreStatus(store, true, "ok", null);
    }

    /**
     * {@return a store whose state is damaged: unavailable for reading, {@code reason} as detail and damage}
     *
     * @param store what the store is and where it keeps the state
     * @param reason why the stored state was refused; not null
     * @param since when the store became unavailable, or {@code null}
     */
    public static StoreStatus damaged(String store, String reason, Instant since) {
        return new StoreStatus(store, false, reason, since, Objects.requireNonNull(reason, "reason"));
    }

    /** {@return whether the stored state was refused as damaged ({@link #damage()} says why)} */
    public boolean damaged() {
        return damage != null;
    }

    /**
     * Whether the store cannot be reached: unavailable for another reason than a damaged state
     * (which the next save replaces).
     *
     * @return whether the store is unavailable and holds no damaged state
     */
    public boolean unreachable() {
        return !available && damage == null;
    }

    /**
     * This status reporting {@code reason} as the damage of the stored state.
     *
     * @param reason why the stored state was refused, or {@code null} to clear the damage
     * @return a new status; this one is unchanged
     */
    public StoreStatus withDamage(String reason) {
        return new StoreStatus(store, available, detail, since, reason);
    }
}
