package io.github.maintenance.spring.boot;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.core.Ordered;

/**
 * Counts the requests the application is working on, so that a shutdown drain can end as soon as
 * none is left ({@link #awaitNone}). A request counts from the start of its {@code REQUEST}
 * dispatch until it returns or, when it went asynchronous, until the asynchronous work completes
 * (or times out or fails). A server-sent event stream ({@code text/event-stream}) stops counting
 * once it is open: it is not work that ends by itself. Registered just after the maintenance filter
 * (order {@code HIGHEST_PRECEDENCE + 1}), so requests the maintenance filter answers are not
 * counted. Thread-safe; a counter increment and decrement per request.
 */
public class InFlightRequests implements Filter, Ordered {

    private final AtomicInteger count = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition none = lock.newCondition();

    /** A counter at zero. */
    public InFlightRequests() {
    }

    /** The requests in flight now. */
    public int count() {
        return count.get();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        count.incrementAndGet();
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                String type = response.getContentType();
                if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
                    request.getAsyncContext().addListener(new Done());
                    async = true;
                }
            }
        } finally {
            if (!async) {
                release();
            }
        }
    }

    /**
     * Waits until no request is in flight, at most {@code timeout}.
     *
     * @return whether none is left
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitNone(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (count.get() > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = none.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        if (count.decrementAndGet() == 0) {
            lock.lock();
            try {
                none.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Ends the count of an asynchronous request once, however it ends. */
    private final class Done implements AsyncListener {
        private final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void onComplete(AsyncEvent event) {
            end();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end();
        }

        @Override
        public void onError(AsyncEvent event) {
            end();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }

        private void end() {
            if (done.compareAndSet(false, true)) {
                release();
            }
        }
    }
}
