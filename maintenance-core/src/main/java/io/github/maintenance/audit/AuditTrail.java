package io.github.maintenance.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The recent audit entries of a controller, in memory: a ring bounded by an {@link AuditPolicy}
 * (the oldest entries go first when it is full; entries older than the policy's age are dropped
 * when entries are added or read). Queries list the newest entries first.
 *
 * <p>Thread-safe.
 */
public final class AuditTrail {

    private final AuditPolicy policy;
    private final Clock clock;
    /** Oldest first; guarded by this. */
    private final Deque<AuditEntry> entries = new ArrayDeque<>();

    /**
     * An empty trail.
     *
     * @param policy how many entries, and how old, are kept
     * @param clock  the clock against which ages are measured
     */
    public AuditTrail(AuditPolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@return the bounds of this trail} */
    public AuditPolicy policy() {
        return policy;
    }

    /**
     * Adds an entry as the newest, dropping the oldest beyond the bounds; nothing when the policy is
     * {@linkplain AuditPolicy#off() off}.
     *
     * @param entry the entry to add
     */
    public synchronized void record(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (!policy.enabled()) {
            return;
        }
        entries.addLast(entry);
        trim();
    }

    /**
     * Adds entries kept elsewhere (by the state store, at start): merged with those present by
     * time, then bounded.
     *
     * @param loaded entries in any order
     */
    public synchronized void load(List<AuditEntry> loaded) {
        if (!policy.enabled() || loaded.isEmpty()) {
            return;
        }
        List<AuditEntry> all = new ArrayList<>(loaded);
        all.addAll(entries);
        all.sort(Comparator.comparing(AuditEntry::time));
        entries.clear();
        entries.addAll(all);
        trim();
    }

    /**
     * {@return the entries kept, newest first}
     */
    public List<AuditEntry> list() {
        return list(Integer.MAX_VALUE, null);
    }

    /**
     * {@return the newest entries, newest first}
     *
     * @param limit the most entries returned, at least 1
     * @param since only entries made at or after this time, or {@code null} for all
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public synchronized List<AuditEntry> list(int limit, Instant since) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        trim();
        List<AuditEntry> out = new ArrayList<>(Math.min(limit, entries.size()));
        for (Iterator<AuditEntry> it = entries.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            AuditEntry e = it.next();
            if (since == null || !e.time().isBefore(since)) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /** {@return the number of entries kept} */
    public synchronized int size() {
        trim();
        return entries.size();
    }

    private void trim() {
        while (entries.size() > policy.maxEntries()) {
            entries.removeFirst();
        }
        Instant now = clock.instant();
        while (!entries.isEmpty() && policy.expired(entries.peekFirst().time(), now)) {
            entries.removeFirst();
        }
    }

    @Override
    public synchronized String toString() {
        return "AuditTrail[" + entries.size() + " entries, " + policy + "]";
    }
}
