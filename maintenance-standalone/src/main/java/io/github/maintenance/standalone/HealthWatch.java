package io.github.maintenance.standalone;

import io.github.maintenance.Durations;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Polls the application's health URL of a {@link HealthCheck} and runs a callback once, when it
 * is healthy: {@code successes} healthy answers in a row. One daemon thread sends the checks one
 * after the other with a JDK {@link HttpClient}; serving never waits for it.
 *
 * <p>It logs the first outcome, every change of outcome ({@code 503}, {@code connection refused},
 * {@code no answer within 2s}, ...) and the healthy line
 * {@code application healthy at URL after 3 checks; stood in for 4m12s; stopping}.
 *
 * <p>Thread-safe.
 */
final class HealthWatch implements AutoCloseable {

    /**
     * The page server's own {@code /health} body: an answer with it comes from a page server,
     * not from the application.
     */
    static final byte[] PAGE_SERVER_HEALTH = "{\"status\":\"ok\",\"maintenance\":true}"
            .getBytes(StandardCharsets.UTF_8);

    private final HealthCheck check;
    private final Clock clock;
    private final Instant since;
    private final Consumer<String> log;
    private final Runnable onHealthy;
    private final HttpClient client;
    private final HttpRequest request;
    private final ScheduledThreadPoolExecutor thread;
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Thread polling;
    private int inARow;
    private String lastOutcome;

    private HealthWatch(HealthCheck check, Clock clock, Consumer<String> log, Runnable onHealthy) {
        this.check = check;
        this.clock = clock;
        this.since = clock.instant();
        this.log = log;
        this.onHealthy = onHealthy;
        this.client = HttpClient.newBuilder()
                .connectTimeout(check.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.request = HttpRequest.newBuilder(check.url()).timeout(check.timeout())
                .header("User-Agent", "maintenance-standalone health check").GET().build();
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "maintenance-health-check");
            t.setDaemon(true);
            polling = t;
            return t;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts polling at once.
     *
     * @param check     what to poll and how often
     * @param clock     measures how long the page server stood in (from now)
     * @param log       receives the log lines
     * @param onHealthy run once, on the polling thread, when the application is healthy
     * @return the running watch
     */
    static HealthWatch start(HealthCheck check, Clock clock, Consumer<String> log, Runnable onHealthy) {
        HealthWatch w = new HealthWatch(check, clock, log, onHealthy);
        w.thread.scheduleWithFixedDelay(w::checkOnce, 0, check.interval().toNanos(), TimeUnit.NANOSECONDS);
        return w;
    }

    /**
     * The checks sent so far.
     *
     * @return how many checks have finished
     */
    int checks() {
        return checks.get();
    }

    /**
     * Whether the application was found healthy.
     *
     * @return {@code true} once the callback ran
     */
    boolean healthy() {
        return done.get();
    }

    private void checkOnce() {
        if (done.get()) {
            return;
        }
        String outcome = outcome();
        if (thread.isShutdown()) {
            return;
        }
        int n = checks.incrementAndGet();
        if (outcome == null) {
            inARow++;
            if (inARow >= check.successes() && done.compareAndSet(false, true)) {
                log.accept("application healthy at " + check.url() + " after " + n + (n == 1 ? " check" : " checks")
                        + "; stood in for " + standIn() + "; stopping");
                thread.shutdown();
                onHealthy.run();
                return;
            }
            outcome = "healthy (" + inARow + " of " + check.successes() + " in a row)";
        } else {
            inARow = 0;
        }
        if (!outcome.equals(lastOutcome)) {
            lastOutcome = outcome;
            log.accept("health check of " + check.url() + ": " + outcome);
        }
    }

    /**
     * Sends one check: {@code null} when healthy, else what it got. The time-out bounds the
     * connection, then the answer (its head and the start of its body) once more.
     */
    private String outcome() {
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request,
                info -> new Prefix(PAGE_SERVER_HEALTH.length + 1));
        try {
            HttpResponse<byte[]> r = answer.get(check.timeout().toNanos() * 2, TimeUnit.NANOSECONDS);
            if (r.statusCode() < 200 || r.statusCode() > 299) {
                return Integer.toString(r.statusCode());
            }
            if (Arrays.equals(r.body(), PAGE_SERVER_HEALTH)) {
                return r.statusCode() + " from a maintenance page server, not from the application";
            }
            return null;
        } catch (TimeoutException e) {
            answer.cancel(true);
            return "no answer within " + Durations.format(check.timeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                return "no connection within " + Durations.format(check.timeout());
            }
            if (cause instanceof HttpTimeoutException) {
                return "no answer within " + Durations.format(check.timeout());
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            return cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    /** Keeps the first {@code limit} bytes of a body and cancels the rest, however long or slow it is. */
    private static final class Prefix implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Prefix(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), limit - bytes.size());
                byte[] chunk = new byte[n];
                b.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() >= limit) {
                subscription.cancel();
                result.complete(bytes.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }

    /** How long the page server stood in, to the second ({@code 4m12s}). */
    private String standIn() {
        Duration d = Duration.between(since, clock.instant());
        return Durations.format(Duration.ofSeconds(Math.max(0, d.getSeconds())));
    }

    /**
     * Stops polling; a check in progress is interrupted, unless this is called from the callback
     * (whose thread is left uninterrupted, so that it can stop the server gracefully). Idempotent;
     * never waits.
     */
    @Override
    public void close() {
        if (Thread.currentThread() == polling) {
            thread.shutdown();
        } else {
            thread.shutdownNow();
        }
    }
}
