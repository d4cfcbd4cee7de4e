package io.github.maintenance.spring.boot.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/** The readiness states an application published, in order ({@link BootApps#listening}). */
public final class ReadinessEvents implements ApplicationListener<AvailabilityChangeEvent<?>> {

    private final List<ReadinessState> states = new CopyOnWriteArrayList<>();

    /** Nothing captured yet. */
    public ReadinessEvents() {
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        if (event.getState() instanceof ReadinessState r) {
            states.add(r);
        }
    }

    /** How many states were published so far. */
    public int size() {
        return states.size();
    }

    /** The states published so far. */
    public List<ReadinessState> all() {
        return List.copyOf(states);
    }

    /** The states published after the first {@code count}. */
    public List<ReadinessState> since(int count) {
        List<ReadinessState> all = all();
        return all.subList(count, all.size());
    }
}
