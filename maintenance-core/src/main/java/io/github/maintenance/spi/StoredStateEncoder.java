package io.github.maintenance.spi;

import io.github.maintenance.state.RouteState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes states exactly as {@link StoredStateFormat#encode} does, keeping the encoded lines of
 * every route state from one call to the next, so that a writer saving a series of states that
 * each change a few routes formats only those routes again (dates, escaping) and copies the text of
 * the others. A route's text is kept by route id and reused while its state is the same object or
 * an equal one; only the routes of the last call are kept, so memory follows the state in force.
 *
 * <p>One per writer (a store keeps one for its saves). Thread-safe: calls are serialised.
 */
public final class StoredStateEncoder {

    /** The lines of one route's state without their {@code route.N.} prefix, and the state they encode. */
    private record Encoded(RouteState state, String[] lines) {
    }

    private Map<String, Encoded> last = Map.of();
    /** Route states formatted (not reused) so far. */
    private long formatted;

    /** An encoder that has encoded nothing yet. */
    public StoredStateEncoder() {
    }

    /**
     * {@return the text {@link StoredStateFormat#encode} gives for {@code state}}
     *
     * @param state the state to encode
     */
    public synchronized String encode(StoredState state) {
        return StoredStateFormat.encode(state, this);
    }

    /** {@return how many route states were formatted rather than reused, over every call} */
    synchronized long formatted() {
        return formatted;
    }

    /** Writes the route states section as {@link StoredStateFormat} does, reusing the lines of unchanged routes. */
    void routeStates(StringBuilder out, String prefix, Map<String, RouteState> routeStates) {
        List<String> ids = new ArrayList<>(routeStates.keySet());
        ids.sort(null);
        StoredStateFormat.put(out, prefix + "count", Integer.toString(ids.size()));
        Map<String, Encoded> now = new HashMap<>(Math.max(16, ids.size() * 2));
        StringBuilder one = new StringBuilder(256);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            RouteState rs = routeStates.get(id);
            Encoded e = last.get(id);
            if (e == null || e.state() != rs && !e.state().equals(rs)) {
                one.setLength(0);
                StoredStateFormat.put(one, "id", id);
                StoredStateFormat.maintenance(one, "maintenance.", rs.maintenance());
                StoredStateFormat.drain(one, "drain.", rs.drain());
                e = new Encoded(rs, one.toString().split("\n"));
                formatted++;
            }
            now.put(id, e);
            for (String line : e.lines()) {
                out.append(prefix).append(i).append('.').append(line).append('\n');
            }
        }
        last = now;
    }
}
