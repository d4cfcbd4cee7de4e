package io.github.maintenance.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One section of a session's configuration (routes, headers, options, health checks, rate limits
 * or circuit breakers): the entries in force and what is staged for them, as values to put and
 * keys to remove. The rules are the same for every section:
 * <ul>
 *   <li>{@link #put} stages a value; it replaces a staged removal of that key;</li>
 *   <li>{@link #remove} un-stages a value that is only staged, and stages the removal of an entry
 *       in force; removing a key that is neither changes nothing;</li>
 *   <li>{@link #diff} counts staged values and staged removals;</li>
 *   <li>{@link #apply} puts the staged values in force and removes the staged removals.</li>
 * </ul>
 *
 * <p>Not thread-safe: guarded by the registry's state lock, like the session that owns it.
 *
 * @param <V> the value of an entry
 */
final class Section<V> {

    private final Map<String, V> active = new LinkedHashMap<>();
    private final Map<String, V> staged = new LinkedHashMap<>();
    private final Set<String> removals = new LinkedHashSet<>();

    /** Stages {@code value} for {@code key}. */
    void put(String key, V value) {
        staged.put(key, value);
        removals.remove(key);
    }

    /** Un-stages a staged value of {@code key}; stages its removal when it is in force. */
    void remove(String key) {
        staged.remove(key);
        if (active.containsKey(key)) {
            removals.add(key);
        }
    }

    /** Forgets whatever is staged for {@code key}, value or removal. */
    void unstage(String key) {
        staged.remove(key);
        removals.remove(key);
    }

    /** Removes {@code key} everywhere: in force and staged (its route is gone). */
    void drop(String key) {
        active.remove(key);
        unstage(key);
    }

    /** The value of {@code key}: the staged one, else the one in force, else {@code null}. */
    V current(String key) {
        V v = staged.get(key);
        return v != null ? v : active.get(key);
    }

    boolean isActive(String key) {
        return active.containsKey(key);
    }

    /** Whether the key is in force or staged. */
    boolean contains(String key) {
        return active.containsKey(key) || staged.containsKey(key);
    }

    /** The keys in force and staged together (each once). */
    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(active.keySet());
        keys.addAll(staged.keySet());
        return keys;
    }

    /** The entries in force, in the order they came (read-only view). */
    Map<String, V> active() {
        return Collections.unmodifiableMap(active);
    }

    /** The staged values, in the order they were staged (read-only view). */
    Map<String, V> staged() {
        return Collections.unmodifiableMap(staged);
    }

    /** The staged removals (read-only view). */
    Set<String> removals() {
        return Collections.unmodifiableSet(removals);
    }

    /** Staged values plus staged removals. */
    int diff() {
        return staged.size() + removals.size();
    }

    boolean hasStaged() {
        return !staged.isEmpty() || !removals.isEmpty();
    }

    /** Puts the staged values in force, removes the staged removals and clears the staging. */
    void apply() {
        active.putAll(staged);
        active.keySet().removeAll(removals);
        rollback();
    }

    /** Discards what is staged. */
    void rollback() {
        staged.clear();
        removals.clear();
    }

    /** Discards everything, in force and staged. */
    void clear() {
        active.clear();
        rollback();
    }
}
