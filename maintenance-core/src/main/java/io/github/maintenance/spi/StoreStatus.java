package io.github.maintenance.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The health of a {@link StateStore}, as operators and dashboards see it: whether the backing is
 * reachable and readable, and since when.
 *
 * <p>An unavailable store does not change what the application serves: the controller keeps its
 * last known state (see {@link StateStore}). Immutable and thread-safe.
 *
 * @param store     what the store is and where it keeps the state ({@code "file /var/lib/app/x"},
 *                  {@code "redis redis://10.0.0.5:6379 prefix shop:"})
 * @param available whether the last operation on the backing succeeded
 * @param detail    {@code "ok"} or what went wrong, for operators (never a secret)
 * @param since     when {@code available} last changed, or {@code null} if it never did
 */
public record StoreStatus(String store, boolean available, String detail, Instant since) {

    public StoreStatus {
        Objects.requireNonNull(store, "store");
        detail = detail == null || detail.isEmpty() ? (available ? "ok" : "unavailable") : detail;
    }

    /** An available store with nothing to report. */
    public static StoreStatus ok(String store) {
        return new StoreStatus(store, true, "ok", null);
    }
}
