package io.github.maintenance.change;

import io.github.maintenance.MaintenanceErrors;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * An ordered batch of {@link Change}s applied as one transition: each sees the state the ones
 * before it produced, and the batch as a whole is validated before anything is published. Then
 * it makes one snapshot, one state-store save, one version and one event batch. If any change is
 * refused, none takes effect.
 *
 * <p>Immutable and thread-safe. Build one with {@link #of(Change...)} or {@link #builder()}.
 */
public final class Changes implements Iterable<Change> {

    /** Most changes in one batch. */
    public static final int MAX_SIZE = 10_000;

    private final List<Change> changes;

    private Changes(List<Change> changes) {
        if (changes.size() > MAX_SIZE) {
            throw MaintenanceErrors.limitExceeded("more than " + MAX_SIZE + " changes in one batch");
        }
        this.changes = List.copyOf(changes);
    }

    /** A batch of the given changes, in order. */
    public static Changes of(Change... changes) {
        return new Changes(List.of(changes));
    }

    /** A batch of the given changes, in order. */
    public static Changes of(List<? extends Change> changes) {
        return new Changes(new ArrayList<>(changes));
    }

    /** A builder with no changes. */
    public static Builder builder() {
        return new Builder();
    }

    /** The changes, in order. */
    public List<Change> list() {
        return changes;
    }

    /** The number of changes. */
    public int size() {
        return changes.size();
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    @Override
    public Iterator<Change> iterator() {
        return changes.iterator();
    }

    @Override
    public String toString() {
        return changes.toString();
    }

    /** Collects changes in order. Not thread-safe. */
    public static final class Builder {
        private final List<Change> changes = new ArrayList<>();

        private Builder() {
        }

        /** Adds a change. */
        public Builder add(Change change) {
            changes.add(Objects.requireNonNull(change, "change"));
            return this;
        }

        /** Adds changes. */
        public Builder addAll(Iterable<? extends Change> more) {
            more.forEach(this::add);
            return this;
        }

        /** Whether nothing was added. */
        public boolean isEmpty() {
            return changes.isEmpty();
        }

        /** The batch. */
        public Changes build() {
            return new Changes(changes);
        }
    }
}
