package io.github.maintenance.registry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The pure protocol pieces: splitting, the remainder field, the bounded line reader, JSON, times, route fields. */
class ProtocolUnitTest {

    @Test
    void linesSplitOnEveryPipeKeepingEmptyFields() {
        assertThat(CommandLine.split("A|b||c|")).containsExactly("A", "b", "", "c", "");
        assertThat(CommandLine.split("PING")).containsExactly("PING");
        assertThat(CommandLine.split("")).containsExactly("");
    }

    @Test
    void theRemainderFieldTakesTheRestOfTheLine() {
        CommandLine enter = CommandLine.parse("MAINT_ENTER|sid|ALL|http://x/a|b|c");
        assertThat(enter.command()).isEqualTo(Command.MAINT_ENTER);
        assertThat(enter.fields()).containsExactly("MAINT_ENTER", "sid", "ALL", "http://x/a|b|c");
        assertThat(CommandLine.parse("REGISTER|s|i|80|{\"a\":\"x|y\"}").field(4)).isEqualTo("{\"a\":\"x|y\"}");
        assertThat(CommandLine.parse("HEADERS_SET|s|ALL|X-A|1|2").field(4)).isEqualTo("1|2");
        assertThat(CommandLine.parse("ROUTE_ADD|s|a|/p|http://b|1|extra").fields()).hasSize(7);
    }

    @Test
    void fieldCountsAndUnknownCommands() {
        assertThat(CommandLine.parse("PING").hasEnoughFields()).isTrue();
        assertThat(CommandLine.parse("MAINT_ENTER|s|ALL").hasEnoughFields()).isFalse();
        assertThat(CommandLine.parse("MAINT_ENTER|s|ALL|").hasEnoughFields()).isTrue();
        assertThat(CommandLine.parse("ping").command()).isNull();
        assertThat(CommandLine.parse("ping").hasEnoughFields()).isFalse();
        assertThat(CommandLine.parse("X").field(3)).isEmpty();
        assertThatThrownBy(() -> CommandLine.join("A", "b\nc")).isInstanceOf(IllegalArgumentException.class);
    }

    private static LineReader reader(byte[] bytes, int max) {
        return new LineReader(new ByteArrayInputStream(bytes), max);
    }

    @Test
    void theLineReaderStripsCrAndReportsTheEnd() throws IOException {
        LineReader r = reader("PING\r\nPONG\n\npartial".getBytes(StandardCharsets.UTF_8), 100);

        assertThat(r.next()).isEqualTo(LineReader.Status.LINE);
        assertThat(r.line()).isEqualTo("PING");
        assertThat(r.next()).isEqualTo(LineReader.Status.LINE);
        assertThat(r.line()).isEqualTo("PONG");
        assertThat(r.next()).isEqualTo(LineReader.Status.LINE);
        assertThat(r.line()).isEmpty();
        assertThat(r.next()).isEqualTo(LineReader.Status.END);
    }

    @Test
    void theLineReaderCutsALongLineWithoutReadingTheRest() throws IOException {
        byte[] longLine = new byte[100_000];
        Arrays.fill(longLine, (byte) 'x');
        CountingStream in = new CountingStream(longLine);
        LineReader r = new LineReader(in, 1000);

        assertThat(r.next()).isEqualTo(LineReader.Status.TOO_LONG);
        assertThat(in.read).as("read at most a buffer beyond the limit").isLessThan(3000);
    }

    @Test
    void aLineOfExactlyTheLimitPassesAndOneMoreByteDoesNot() throws IOException {
        byte[] ok = ("x".repeat(1000) + "\n").getBytes(StandardCharsets.US_ASCII);
        LineReader r = reader(ok, 1000);
        assertThat(r.next()).isEqualTo(LineReader.Status.LINE);
        assertThat(r.line()).hasSize(1000);

        byte[] over = ("x".repeat(1001) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(reader(over, 1000).next()).isEqualTo(LineReader.Status.TOO_LONG);
    }

    @Test
    void invalidUtf8IsReportedAndTheNextLineReads() throws IOException {
        byte[] bytes = {'A', (byte) 0xff, '\n', 'B', '\n'};
        LineReader r = reader(bytes, 100);

        assertThat(r.next()).isEqualTo(LineReader.Status.INVALID_ENCODING);
        assertThat(r.next()).isEqualTo(LineReader.Status.LINE);
        assertThat(r.line()).isEqualTo("B");
        assertThat(reader("é€\n".getBytes(StandardCharsets.UTF_8), 10).next()).isEqualTo(LineReader.Status.LINE);
    }

    @Test
    void manyLinesInOneReadAndALineSplitAcrossReads() throws IOException {
        InputStream trickle = new InputStream() {
            private final byte[] data = "ONE\nTWO\nTHREE\n".getBytes(StandardCharsets.US_ASCII);
            private int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= data.length) {
                    return -1;
                }
                b[off] = data[pos++];
                return 1;
            }
        };
        LineReader r = new LineReader(trickle, 100);
        for (String expected : List.of("ONE", "TWO", "THREE")) {
            assertThat(r.next()).isEqualTo(LineReader.Status.LINE);
            assertThat(r.line()).isEqualTo(expected);
        }
        assertThat(r.next()).isEqualTo(LineReader.Status.END);
    }

    @Test
    void jsonIsCompactOneLineAndPipesAreEscaped() throws Exception {
        String json = WireJson.write(Map.of("a", "x|y\nz\u2028"));

        assertThat(json).isEqualTo("{\"a\":\"x\\u007cy\\nz\\u2028\"}").doesNotContain("|").doesNotContain("\n");
        assertThat(WireJson.parse(json)).isEqualTo(Map.of("a", "x|y\nz\u2028"));
        assertThat(WireJson.write(List.of())).isEqualTo("[]");
    }

    @Test
    void jsonParsingRefusesTrailingContentDuplicatesAndDeepNesting() {
        assertThatThrownBy(() -> WireJson.parse("{} {}")).isInstanceOf(WireJson.InvalidJsonException.class);
        assertThatThrownBy(() -> WireJson.parse("{\"a\":1,\"a\":2}")).isInstanceOf(WireJson.InvalidJsonException.class);
        assertThatThrownBy(() -> WireJson.parse("[".repeat(40) + "]".repeat(40)))
                .isInstanceOf(WireJson.InvalidJsonException.class);
        assertThatThrownBy(() -> WireJson.parse("")).isInstanceOf(WireJson.InvalidJsonException.class);
        assertThatThrownBy(() -> WireJson.parseObjectOrNull("[]")).isInstanceOf(WireJson.InvalidJsonException.class);
    }

    @Test
    void timesAndDurationsAsTheGoClientWritesThem() {
        assertThat(WireTime.format(Instant.parse("2025-12-20T14:03:07.999Z"))).isEqualTo("2025-12-20T14:03:07Z");
        assertThat(WireTime.format(null)).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(WireTime.parseInstant("2025-12-20T15:03:07+01:00")).isEqualTo(Instant.parse("2025-12-20T14:03:07Z"));
        assertThat(WireTime.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(WireTime.parseDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(WireTime.parseDuration("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(WireTime.parseDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> WireTime.parseDuration("-1s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireTime.parseInstant("noon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repliesEchoInputOnlyPrintably() {
        assertThat(Reply.unknownCommand("A|B\u0000" + "x".repeat(100))).isEqualTo("ERROR|unknown command: A?B?" + "x".repeat(60));
        assertThat(Reply.error("line\nbreak")).isEqualTo("ERROR|line?break");
        assertThat(Reply.payload("ACK|a|b")).isEqualTo("a|b");
        assertThat(Reply.token("ACK|a")).isEqualTo("ACK");
    }

    @Test
    void routeSpecsValidateInTheProtocolsOrder() throws Exception {
        RouteSpec spec = RouteSpec.of(" a.com , *.b.com ", "/api", "https://backend:8443/x", " 7 ");
        assertThat(spec.domains()).containsExactly("a.com", "*.b.com");
        assertThat(spec.priority()).isEqualTo(7);
        assertThat(spec.anyHost()).isFalse();
        assertThat(RouteSpec.of("*", "/", "http://b", "0").anyHost()).isTrue();
        assertThat(spec.toRoute("r1", "registry:x/y").domains()).containsExactly("a.com", "*.b.com");
        assertThat(spec.toJson("r1", "active")).containsEntry("backend", "https://backend:8443/x")
                .doesNotContainKey("backend_url").doesNotContainKey("id");

        assertThatThrownBy(() -> RouteSpec.of("", "", "", "x")).hasMessage("no domains specified");
        assertThatThrownBy(() -> RouteSpec.of("a", "", "", "x")).hasMessage("path cannot be empty");
        assertThatThrownBy(() -> RouteSpec.of("a", "x", "", "x")).hasMessage("invalid backend url format");
        assertThatThrownBy(() -> RouteSpec.of("a", "x", "http://b", "x")).hasMessage("invalid priority");
        assertThatThrownBy(() -> RouteSpec.of("a", "x", "http://b", "1")).hasMessage("path must start with /");
        assertThatThrownBy(() -> RouteSpec.of("a..b", "/", "http://b", "1")).hasMessage("invalid domain: a..b");
        assertThatThrownBy(() -> RouteSpec.fromJson(List.of())).hasMessage("invalid json");
        assertThatThrownBy(() -> spec.withBackendUrl("ftp://x")).hasMessage("invalid backend url");
    }

    @Test
    void eventTypesByName() {
        assertThat(EventType.parse("*")).isEqualTo(EventType.ALL);
        assertThat(EventType.parse("maintenance")).isEqualTo(EventType.MAINTENANCE);
        assertThat(EventType.parse("Maintenance")).isNull();
        assertThat(EventType.of(io.github.maintenance.event.MaintenanceEvent.Type.CIRCUIT_OPENED)).isEqualTo(EventType.CIRCUIT);
        assertThat(EventType.of(io.github.maintenance.event.MaintenanceEvent.Type.SCHEDULE_CREATED))
                .isEqualTo(EventType.SCHEDULE);
        assertThat(EventType.parse("schedule")).isEqualTo(EventType.SCHEDULE);
        assertThat(EventType.of(io.github.maintenance.event.MaintenanceEvent.Type.STATE_SYNCHRONIZED))
                .isEqualTo(EventType.MAINTENANCE);
    }

    /** Counts the bytes handed out. */
    private static final class CountingStream extends InputStream {
        private final byte[] data;
        int read;

        CountingStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return read < data.length ? data[read++] : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, data.length - read);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(data, read, b, off, n);
            read += n;
            return n;
        }
    }
}
