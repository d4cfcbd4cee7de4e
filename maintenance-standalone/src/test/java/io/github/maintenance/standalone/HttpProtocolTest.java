package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP/1.1 as the page server speaks it, over raw sockets to a server on a free loopback port. */
class HttpProtocolTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String TEXT_PAGE = "Down for maintenance\n"
            + "We are performing scheduled maintenance. We will be back shortly.\n";

    private StandaloneServer server;

    @BeforeEach
    void start() throws Exception {
        server = StandaloneServer.start(StandaloneConfig.parse(Map.of(),
                new String[] {"--host", "127.0.0.1", "--port", "0"}, getClass().getClassLoader()), CLOCK);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawClient client() throws Exception {
        return RawClient.connect(server.port());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnAConnectionThatStaysOpen() throws Exception {
        try (RawClient c = client()) {
            c.send("GET /a HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nAccept-Language: de\r\n\r\n"
                    + "HEAD /b HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

            RawClient.Answer html = c.read();
            RawClient.Answer head = c.read(true);
            RawClient.Answer health = c.read();

            assertThat(html.status()).isEqualTo(503);
            assertThat(html.header("Content-Language")).isEqualTo("de");
            assertThat(html.text()).contains("<h1>Wartungsarbeiten</h1>");
            assertThat(head.status()).isEqualTo(503);
            assertThat(head.header("Content-Type")).isEqualTo("text/plain;charset=utf-8");
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(TEXT_PAGE.length()));
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.text()).isEqualTo("{\"status\":\"ok\",\"maintenance\":true}");
            assertThat(html.header("Connection")).isNull();

            c.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).as("still open after the pipeline").isEqualTo(TEXT_PAGE);
        }
    }

    @Test
    void morePipelinedRequestsThanTheQueueHoldsAreAllAnswered() throws Exception {
        int requests = ConnectionLimits.MAX_QUEUED * 5 + 3;
        try (RawClient c = client()) {
            c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".repeat(requests));

            for (int i = 0; i < requests; i++) {
                assertThat(c.read().status()).as("answer %d", i).isEqualTo(200);
            }
        }
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() throws Exception {
        try (RawClient c = client()) {
            c.send("GET /x HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n");
            RawClient.Answer get = c.read();
            c.send("HEAD /x HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n");
            RawClient.Answer head = c.read(true);
            // Had HEAD sent a body, it would be read as the next status line.
            c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(head.headerLines()).isEqualTo(get.headerLines());
            assertThat(Integer.parseInt(head.header("Content-Length"))).isEqualTo(get.body().length).isPositive();
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test
    void http10ClosesUnlessItAsksForKeepAlive() throws Exception {
        try (RawClient c = client()) {
            c.send("GET / HTTP/1.0\r\n\r\n");
            RawClient.Answer a = c.read();
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            c.send("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
            assertThat(c.read().header("Connection")).isEqualTo("keep-alive");
            c.send("GET / HTTP/1.0\r\n\r\n");
            assertThat(c.read().text()).isEqualTo(TEXT_PAGE);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void connectionCloseIsHonouredAfterTheAnswer() throws Exception {
        try (RawClient c = client()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\nconnection: CLOSE\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n");

            RawClient.Answer a = c.read();

            assertThat(a.text()).isEqualTo(TEXT_PAGE);
            assertThat(a.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).as("the request after it is not answered").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE /orders/1", "BREW /pot", "OPTIONS *", "PATCH /a/../../b?x=%00",
        "GET http://shop.example/cart", "PROPFIND /~user/"})
    void anyMethodAndTargetGetsThePage(String line) throws Exception {
        try (RawClient c = client()) {
            c.send(line + " HTTP/1.1\r\nHost: x\r\n\r\n");

            RawClient.Answer a = c.read();

            assertThat(a.status()).isEqualTo(503);
            assertThat(a.header("X-Maintenance-Mode")).isEqualTo("true");
            assertThat(a.text()).isEqualTo(TEXT_PAGE);
        }
    }

    @Test
    void healthInAbsoluteFormAndWithAQuery() throws Exception {
        try (RawClient c = client()) {
            c.send("GET http://shop.example/health HTTP/1.1\r\nHost: x\r\n\r\nGET /health?deep=1 HTTP/1.1\r\n\r\n");

            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nNo colon here\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "GET /\u0001 HTTP/1.1\r\n\r\n"})
    void aMalformedRequestGets400AndTheConnectionIsClosed(String request) throws Exception {
        try (RawClient c = client()) {
            c.send(request + "GET / HTTP/1.1\r\n\r\n");

            RawClient.Answer a = c.read();

            assertThat(a.status()).isEqualTo(400);
            assertThat(a.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aHeadOverTheLimitGets431AndJustUnderItThePage() throws Exception {
        try (RawClient c = client()) {
            c.send(headOf(RequestParser.MAX_HEAD + 1));
            RawClient.Answer a = c.read();
            assertThat(a.status()).isEqualTo(431);
            assertThat(a.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            c.send(headOf(RequestParser.MAX_HEAD));
            assertThat(c.read().status()).isEqualTo(503);
            c.send(headOf(RequestParser.MAX_HEAD - 1) + "GET / HTTP/1.1\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(503);
            assertThat(c.read().status()).as("the pipelined request after it").isEqualTo(503);
        }
    }

    /** A request head of exactly {@code size} bytes. */
    private static String headOf(int size) {
        String start = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ";
        String end = "\r\n\r\n";
        return start + "a".repeat(size - start.length() - end.length()) + end;
    }

    @Test
    void aBodyIsReadAndDroppedAChunkedOneEndsTheConnection() throws Exception {
        try (RawClient c = client()) {
            c.send("POST /checkout HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"
                    + "GET /health HTTP/1.1\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(503);
            assertThat(c.read().status()).isEqualTo(200);

            c.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            RawClient.Answer a = c.read();
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientWaitingFor100ContinueGetsTheAnswerAndTheConnectionCloses() throws Exception {
        try (RawClient c = client()) {
            c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Answer a = c.read();

            assertThat(a.status()).isEqualTo(503);
            assertThat(a.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aBodyOverTheBoundIsNotReadTheAnswerClosesTheConnection() throws Exception {
        try (RawClient c = client()) {
            c.send("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + (ConnectionLimits.MAX_DISCARDED_BODY + 1)
                    + "\r\n\r\nsome of it");
            RawClient.Answer a = c.read();

            assertThat(a.status()).isEqualTo(503);
            assertThat(a.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void emptyLinesBeforeARequestAreIgnoredAndBareLineFeedsAccepted() throws Exception {
        try (RawClient c = client()) {
            c.send("\r\n\r\nGET / HTTP/1.1\nHost: x\nAccept: application/json\n\n");

            RawClient.Answer a = c.read();

            assertThat(a.status()).isEqualTo(503);
            assertThat(a.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void headerNamesAreCaseInsensitive() throws Exception {
        List<String> languages = new ArrayList<>();
        try (RawClient c = client()) {
            for (String name : List.of("accept-language", "ACCEPT-LANGUAGE", "Accept-Language")) {
                c.send("GET / HTTP/1.1\r\n" + name + ": fr\r\naCCEPT: text/html\r\n\r\n");
                RawClient.Answer a = c.read();
                languages.add(a.header("Content-Language") + " " + a.header("Content-Type"));
            }
        }
        assertThat(languages).containsOnly("fr text/html;charset=utf-8").hasSize(3);
    }
}
