package io.github.maintenance.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on 127.0.0.1 (JDK HTTP server, port 0) that records every request and
 * answers with scripted statuses (200 once the script is used up). It can hold its answers until
 * {@link #release()} to stand for a receiver that does not respond.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One received request. */
    record Received(String id, String timestamp, String signature, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<int[]> script = new ArrayDeque<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** {@return the URL of path {@code /hook} on this receiver} */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers the next request with {@code status} and a {@code Retry-After} of {@code retryAfter} seconds. */
    synchronized WebhookReceiver answerWithRetryAfter(int status, int retryAfter) {
        script.add(new int[] {status, retryAfter});
        return this;
    }

    /** Answers the next requests with these statuses, in order. */
    synchronized WebhookReceiver answer(int... statuses) {
        for (int s : statuses) {
            script.add(new int[] {s, -1});
        }
        return this;
    }

    /** Holds every answer until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    /** Waits until a first request arrived. */
    boolean awaitFirst() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    List<Received> received() {
        return received;
    }

    private synchronized int[] next() {
        int[] s = script.poll();
        return s == null ? new int[] {200, -1} : s;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body));
            entered.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int[] answer = next();
            if (answer[1] >= 0) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(answer[1]));
            }
            exchange.sendResponseHeaders(answer[0], -1);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
