package io.github.maintenance.spi;

import io.github.maintenance.audit.AuditEntry;
import io.github.maintenance.audit.AuditPolicy;

import java.time.Instant;
import java.util.List;

/**
 * A {@link StateStore} that also keeps the audit trail, so that it survives restarts and is shared
 * by the instances using the same backing. Optional: the controller uses it when its state store
 * implements this interface too, and keeps the trail in memory only otherwise.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #appendAudit} adds entries after those kept (each entry once) and keeps at most
 *       what the policy allows, dropping the oldest; trimming may happen later than the append
 *       but never loses entries the policy keeps.</li>
 *   <li>{@link #recentAudit} returns the kept entries within the policy, oldest first. A damaged
 *       entry is skipped (and logged), never fails the whole read.</li>
 *   <li>Failures of the backing surface as {@link StateStoreException}; the controller logs them
 *       and keeps the entry in memory.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface AuditStore {

    /**
     * Appends entries to the stored trail and bounds it.
     *
     * @param entries the new entries, oldest first
     * @param policy  the bounds of the stored trail
     * @param now     the current time, against which ages are measured
     * @throws StateStoreException when the backing fails
     */
    void appendAudit(List<AuditEntry> entries, AuditPolicy policy, Instant now);

    /**
     * Reads the stored trail.
     *
     * @param policy the bounds: at most {@link AuditPolicy#maxEntries()} entries (the newest),
     *               none older than {@link AuditPolicy#maxAge()}
     * @param now    the current time, against which ages are measured
     * @return the entries within the policy, oldest first
     * @throws StateStoreException when the backing fails
     */
    List<AuditEntry> recentAudit(AuditPolicy policy, Instant now);
}
