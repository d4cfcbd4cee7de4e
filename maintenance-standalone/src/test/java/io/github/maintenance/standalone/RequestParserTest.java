package io.github.maintenance.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request head parser on its own. */
class RequestParserTest {

    private static RequestHead parse(String head) throws RequestParser.BadRequest {
        byte[] a = head.getBytes(StandardCharsets.ISO_8859_1);
        int start = RequestParser.skipEmptyLines(a, 0, a.length);
        int end = RequestParser.headEnd(a, start, a.length);
        assertThat(end).as("complete").isEqualTo(a.length);
        return RequestParser.parse(a, start, end);
    }

    @Test
    void theFieldsThePageServerUses() throws Exception {
        RequestHead h = parse("HEAD /health?x=1 HTTP/1.1\r\nHost: x\r\naccept: text/html \r\n"
                + "ACCEPT-LANGUAGE:de;q=0.9\r\nAccept: ignored\r\nContent-Length: 12\r\nExpect: 100-continue\r\n\r\n");

        assertThat(h).isEqualTo(new RequestHead(true, true, false, true, "text/html", "de;q=0.9", 12, false, true));
    }

    @Test
    void keepAliveByVersionAndConnectionTokens() throws Exception {
        assertThat(parse("GET / HTTP/1.1\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive-ish\r\n\r\n").keepAlive()).isFalse();
    }

    @Test
    void theEndOfAHeadIsFoundAcrossReads() {
        byte[] a = "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(RequestParser.headEnd(a, 0, 25)).as("not complete yet").isEqualTo(-1);
        assertThat(RequestParser.headEnd(a, 22, 27)).as("resumed three bytes back").isEqualTo(27);
        assertThat(RequestParser.headEnd(a, 0, a.length)).as("the next request is not part of it").isEqualTo(27);
    }

    @Test
    void onlyTheHealthPathIsHealth() throws Exception {
        assertThat(parse("GET /health HTTP/1.1\r\n\r\n").health()).isTrue();
        assertThat(parse("GET https://shop.example/health?deep HTTP/1.1\r\n\r\n").health()).isTrue();
        assertThat(parse("GET /health/live HTTP/1.1\r\n\r\n").health()).isFalse();
        assertThat(parse("GET /healthz HTTP/1.1\r\n\r\n").health()).isFalse();
        assertThat(parse("GET /x/health HTTP/1.1\r\n\r\n").health()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET / HTTP/1.1 extra\r\n\r\n", "GET / HTTP/1.2\r\n\r\n", "GET / http/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\n: empty name\r\n\r\n", "GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"})
    void malformedHeadsAreRefused(String head) {
        assertThatThrownBy(() -> parse(head)).isInstanceOf(RequestParser.BadRequest.class);
    }
}
