package io.github.maintenance.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The recent audit entries of a controller, in memory: a ring bounded by an {@link AuditPolicy}
 * (the oldest entries go first when it is full; entries older than the policy's age are dropped
 * when entries are added or read). Queries list the newest entries first.
 *
 * <p>A trail {@linkplain #shared read through a shared store} lists what the store holds (the
 * changes of every instance of the cluster) merged with the entries of this instance that the store
 * does not have (its append failed), and falls back to memory alone while the store cannot be read.
 *
 * <p>Thread-safe.
 */
public final class AuditTrail {

    private final AuditPolicy policy;
    private final Clock clock;
    /** Oldest first; guarded by this. */
    private final Deque<AuditEntry> entries = new ArrayDeque<>();
    /** The shared store's entries within the policy, oldest first; {@code null} for memory only. */
    private final Supplier<List<AuditEntry>> stored;

    /**
     * An empty trail.
     *
     * @param policy how many entries, and how old, are kept
     * @param clock  the clock against which ages are measured
     */
    public AuditTrail(AuditPolicy policy, Clock clock) {
        this(policy, clock, null);
    }

    private AuditTrail(AuditPolicy policy, Clock clock, Supplier<List<AuditEntry>> stored) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stored = stored;
    }

    /**
     * An empty trail whose queries read a store shared by the instances of a cluster: each query
     * lists the store's entries merged with the entries recorded here that the store lacks, or
     * the entries recorded here alone when {@code stored} throws. Entries are kept in memory as
     * in any trail.
     *
     * @param policy how many entries, and how old, are kept
     * @param clock  the clock against which ages are measured
     * @param stored reads the store's entries within the policy, oldest first; may throw a
     *               {@link RuntimeException} when the store cannot be read
     * @return the trail
     */
    public static AuditTrail shared(AuditPolicy policy, Clock clock, Supplier<List<AuditEntry>> stored) {
        return new AuditTrail(policy, clock, Objects.requireNonNull(stored, "stored"));
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
    public List<AuditEntry> list(int limit, Instant since) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        List<AuditEntry> fromStore = null;
        if (stored != null && policy.enabled()) {
            try {
                fromStore = stored.get();
            } catch (RuntimeException e) {
                fromStore = null; // the store is unreadable: what this instance recorded
            }
        }
        List<AuditEntry> oldestFirst;
        synchronized (this) {
            trim();
            if (fromStore == null) {
                oldestFirst = new ArrayList<>(entries);
            } else {
                Set<AuditEntry> all = new LinkedHashSet<>(fromStore);
                all.addAll(entries);
                oldestFirst = new ArrayList<>(all);
                oldestFirst.sort(Comparator.comparing(AuditEntry::time));
                Instant now = clock.instant();
                oldestFirst.removeIf(e -> policy.expired(e.time(), now));
                if (oldestFirst.size() > policy.maxEntries()) {
                    oldestFirst = oldestFirst.subList(oldestFirst.size() - policy.maxEntries(), oldestFirst.size());
                }
            }
        }
        List<AuditEntry> out = new ArrayList<>(Math.min(limit, oldestFirst.size()));
        for (int i = oldestFirst.size() - 1; i >= 0 && out.size() < limit; i--) {
            AuditEntry e = oldestFirst.get(i);
            if (since == null || !e.time().isBefore(since)) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /** {@return the number of entries a full {@link #list()} gives} */
    public int size() {
        if (stored != null) {
            return list().size();
        }
        synchronized (this) {
            trim();
            return entries.size();
        }
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
