package io.github.maintenance.spring.boot.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationListener;

/**
 * Starts {@link BootApp}s for a test and closes them after it, last started first: a field
 * {@code @RegisterExtension final BootApps apps = new BootApps(App.class, "key=value")} replaces
 * the field of the application and its {@code @AfterEach} method.
 */
public final class BootApps implements AfterEachCallback {

    private final Class<?> source;
    private final List<String> properties;
    private final List<ApplicationListener<?>> listeners = new ArrayList<>();
    private final Deque<BootApp> started = new ArrayDeque<>();

    /** Applications of {@code source} with {@code properties}, to which each start adds its own. */
    public BootApps(Class<?> source, String... properties) {
        this.source = source;
        this.properties = List.of(properties);
    }

    /** Adds {@code listener} to every application started from now on, from its first event on. */
    public BootApps listening(ApplicationListener<?> listener) {
        listeners.add(listener);
        return this;
    }

    /** Starts the application with the common properties and then {@code extra} (a later key wins). */
    public BootApp start(String... extra) {
        return start(source, extra);
    }

    /** Starts {@code other} instead of the common source, with the common properties and {@code extra}. */
    public BootApp start(Class<?> other, String... extra) {
        List<String> all = new ArrayList<>(properties);
        all.addAll(Arrays.asList(extra));
        BootApp app = BootApp.start(other, listeners, all.toArray(String[]::new));
        synchronized (started) {
            started.push(app);
        }
        return app;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RuntimeException failure = null;
        while (true) {
            BootApp app;
            synchronized (started) {
                app = started.poll();
            }
            if (app == null) {
                break;
            }
            try {
                app.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
