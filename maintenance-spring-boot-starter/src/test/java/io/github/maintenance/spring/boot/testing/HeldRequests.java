package io.github.maintenance.spring.boot.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /slow}: a request held in flight until the test lets it go (at most 20 s), for the
 * shutdown-drain tests. One held request per application; {@link BootApp#close()} lets it go.
 */
@RestController
public class HeldRequests {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Created by Spring. */
    public HeldRequests() {
    }

    /** Holds the request until {@link #release()}; answers {@code done}, or {@code not released} after 20 s. */
    @GetMapping("/slow")
    public String slow() throws InterruptedException {
        entered.countDown();
        return release.await(20, TimeUnit.SECONDS) ? "done" : "not released";
    }

    /** Whether a request reached {@code /slow} within {@code timeout}. */
    public boolean awaitEntered(Duration timeout) throws InterruptedException {
        return entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the held request answer. */
    public void release() {
        release.countDown();
    }
}
