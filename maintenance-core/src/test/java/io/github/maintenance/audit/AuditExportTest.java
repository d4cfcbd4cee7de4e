package io.github.maintenance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.Cause;
import io.github.maintenance.internal.AuditJson;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON and CSV export: shapes, escaping, and cells a spreadsheet would run as formulas. */
class AuditExportTest {

    private static final Instant AT = Instant.parse("2027-01-10T02:00:00Z");

    private static AuditEntry entry(String actor, String reason, String target) {
        Map<String, String> before = new LinkedHashMap<>();
        before.put("api", "serving");
        before.put("web", "serving");
        Map<String, String> after = new LinkedHashMap<>();
        after.put("api", "maintenance(read-only, until 2027-01-10T03:00:00Z)");
        after.put("web", "maintenance(read-only, until 2027-01-10T03:00:00Z)");
        return new AuditEntry(AT, "node-1", Cause.Source.DASHBOARD, actor, reason, "enter", target,
                List.of("api", "web"), before, after, "page=built-in", 7);
    }

    @Test
    void jsonIsAnArrayOfObjectsWithEveryField() {
        String json = AuditExport.json(List.of(entry("alice", "say \"hi\" <b>", "api,web")));
        assertThat(json).isEqualTo("[{\"time\":\"2027-01-10T02:00:00Z\",\"instance\":\"node-1\",\"source\":\"DASHBOARD\","
                + "\"actor\":\"alice\",\"reason\":\"say \\\"hi\\\" \\u003cb\\u003e\",\"action\":\"enter\","
                + "\"target\":\"api,web\",\"routeIds\":[\"api\",\"web\"],"
                + "\"before\":{\"api\":\"serving\",\"web\":\"serving\"},"
                + "\"after\":{\"api\":\"maintenance(read-only, until 2027-01-10T03:00:00Z)\","
                + "\"web\":\"maintenance(read-only, until 2027-01-10T03:00:00Z)\"},"
                + "\"detail\":\"page=built-in\",\"version\":7}]");
        assertThat(AuditExport.json(List.of())).isEqualTo("[]");
    }

    @Test
    void oneJsonObjectReadsBackEqual() {
        AuditEntry e = entry("al\"ice\\", "why | & é \u2603", "/admin");
        assertThat(AuditJson.decode(AuditJson.encode(e))).isEqualTo(e);
    }

    @Test
    void aStoredLineWithAReasonThatNoCauseAcceptsIsRefused() {
        String line = AuditJson.encode(entry("x", "r".repeat(501), "ALL"));
        assertThatThrownBy(() -> AuditJson.decode(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 500 characters");
        assertThatThrownBy(() -> AuditJson.decode("{\"time\":\"2027-01-10T02:00:00Z\",\"source\":\"API\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("missing 'action'");
        assertThatThrownBy(() -> AuditJson.decode("{\"action\":\"enter\"} x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing characters");
        assertThat(AuditJson.decode(AuditJson.encode(entry("x", "y", "ALL")).replace("\"DASHBOARD\"", "\"NEWER\""))
                .source()).as("a source this version does not know").isEqualTo(Cause.Source.PEER);
    }

    @Test
    void csvHasAHeaderRowAndQuotesCellsThatNeedIt() {
        String csv = AuditExport.csv(List.of(entry("alice", "say \"hi\", then\nleave", "api,web")));
        assertThat(csv).isEqualTo(AuditExport.CSV_HEADER + "\r\n"
                + "2027-01-10T02:00:00Z,node-1,DASHBOARD,alice,\"say \"\"hi\"\", then\nleave\",enter,\"api,web\","
                + "api web,api=serving; web=serving,"
                + "\"api=maintenance(read-only, until 2027-01-10T03:00:00Z); web=maintenance(read-only, until "
                + "2027-01-10T03:00:00Z)\",page=built-in,7\r\n");
        assertThat(AuditExport.csv(List.of())).isEqualTo(
                "time,instance,source,actor,reason,action,target,routes,before,after,detail,version\r\n");
    }

    @Test
    void cellsThatStartLikeAFormulaArePrefixedWithAQuote() {
        for (String formula : new String[] {"=HYPERLINK(\"http://127.0.0.1/\")", "+1", "-2+3", "@SUM(A1)", "\tx"}) {
            String csv = AuditExport.csv(List.of(entry("x", formula, "ALL")));
            String row = csv.substring(csv.indexOf("\r\n") + 2);
            String cell = row.split(",DASHBOARD,x,")[1];
            assertThat(cell).as(formula).matches("(?s)\"?'.*");
            assertThat(cell).as(formula).doesNotStartWith(formula.substring(0, 1));
        }
        StringBuilder sb = new StringBuilder();
        AuditExport.cell("=1+2", sb);
        assertThat(sb).hasToString("'=1+2");
        sb.setLength(0);
        AuditExport.cell("=A1,B1", sb);
        assertThat(sb).hasToString("\"'=A1,B1\"");
        sb.setLength(0);
        AuditExport.cell("a-b", sb);
        assertThat(sb).as("only the first character matters").hasToString("a-b");
    }
}
