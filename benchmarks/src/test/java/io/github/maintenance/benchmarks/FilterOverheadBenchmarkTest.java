package io.github.maintenance.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/** One tiny run of the filter comparison against both real servers. */
class FilterOverheadBenchmarkTest {

    private static FilterOverheadBenchmark.Servers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = FilterOverheadBenchmark.Servers.start();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static HttpResponse<String> get(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + FilterOverheadBenchmark.PATH))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneTinyRunMeasuresBothServersAndPrintsTheMedianRatio() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FilterOverheadBenchmark.Options options = FilterOverheadBenchmark.Options.parse("--runs", "1", "--seconds", "0.2",
                "--threads", "1", "--warmup", "0");

        FilterOverheadBenchmark.Report report = FilterOverheadBenchmark.run(options, servers,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(report.bare()).hasSize(1);
        assertThat(report.filtered()).hasSize(1);
        assertThat(report.bare()[0]).isGreaterThan(0);
        assertThat(report.filtered()[0]).isGreaterThan(0);
        assertThat(report.medianRatio()).isEqualTo(report.filtered()[0] / report.bare()[0]);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("ratio filtered/bare: median");
    }

    @Test
    void onlyTheFilteredServerAnswersWithMaintenanceWhenMaintenanceIsOn() throws Exception {
        assertThat(get(servers.filteredPort()).body()).isEqualTo("hello\n");
        servers.controller().enter("ALL");
        try {
            HttpResponse<String> filtered = get(servers.filteredPort());
            assertThat(filtered.statusCode()).isEqualTo(503);
            assertThat(filtered.headers().firstValue("X-Maintenance-Mode")).hasValue("true");
            HttpResponse<String> bare = get(servers.barePort());
            assertThat(bare.statusCode()).isEqualTo(200);
            assertThat(bare.body()).isEqualTo("hello\n");
            assertThatThrownBy(() -> FilterOverheadBenchmark.measure(servers.filteredPort(), 1, Duration.ofMillis(50)))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("expected a 200 response but got: HTTP/1.1 503 Service Unavailable");
        } finally {
            servers.controller().exit("ALL");
        }
    }

    @Test
    void unknownOptionIsRefusedWithItsName() {
        assertThatThrownBy(() -> FilterOverheadBenchmark.Options.parse("--rounds", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --rounds; expected --runs, --seconds, --threads or --warmup");
        assertThatThrownBy(() -> FilterOverheadBenchmark.Options.parse("--seconds", "0"))
                .hasMessage("option --seconds must be in (0, 3600] but was 0.0");
    }
}
