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

    /**
     * {@return a batch of the given changes, in order}
     *
     * @param changes the changes; none may be {@code null}
     */
    public static Changes of(Change... changes) {
        return new Changes(List.of(changes));
    }

    /**
     * {@return a batch of the given changes, in order}
     *
     * @param changes the changes; none may be {@code null}
     */
    public static Changes of(List<? extends Change> changes) {
        return new Changes(new ArrayList<>(changes));
    }

    /** {@return a builder with no changes} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the changes, in order} */
    public List<Change> list() {
        return changes;
    }

    /** {@return the number of changes} */
    public int size() {
        return changes.size();
    }

    /** {@return whether there are none} */
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

        /**
         * Adds a change.
         *
         * @param change the change to append; not null
         * @return this builder
         */
        public Builder add(Change change) {
            changes.add(Objects.requireNonNull(change, "change"));
            return this;
        }

        /**
         * Adds changes.
         *
         * @param more the changes to append, in iteration order; none may be {@code null}
         * @return this builder
         */
        public Builder addAll(Iterable<? extends Change> more) {
            more.forEach(this::add);
            return this;
        }

        /** {@return whether nothing was added} */
        public boolean isEmpty() {
            return changes.isEmpty();
        }

        /** {@return the batch} */
        public Changes build() {
            return new Changes(changes);
        }
    }
}
