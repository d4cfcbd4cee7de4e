package io.github.maintenance.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maintenance.MaintenanceController;
import io.github.maintenance.spring.boot.testing.BootApp;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code maintenance.dashboard.named-tokens.<name>=<token>}: the dashboard accepts the tokens and
 * records changes made with one under its name.
 */
@Timeout(60)
class DashboardNamedTokensTest {

    private static final String ALICE = "alice-token-0123456789";
    private static final String BOT = "bot=token=0123456789";
    private static final String OPS = "ops-team-token-0123456789";

    @Test
    void changesMadeWithANamedTokenCarryItsNameInTheAuditTrail() {
        try (BootApp app = BootApp.start(TestWebApp.class,
                "maintenance.routes[0].id=api", "maintenance.routes[0].path=/api",
                "maintenance.dashboard.enabled=true",
                "maintenance.dashboard.named-tokens.alice=" + ALICE,
                "maintenance.dashboard.named-tokens.deploy.bot=" + BOT,
                "maintenance.dashboard.named-tokens[Ops_Team]=" + OPS)) {
            HttpResponse<String> enter = app.postJson("/maintenance/api/dashboard/actions",
                    "{\"action\":\"enter\",\"target\":\"api\",\"reason\":\"disk swap\"}", "Authorization", "Bearer " + ALICE);
            assertThat(enter.statusCode()).as(enter.body()).isEqualTo(200);
            HttpResponse<String> exit = app.postJson("/maintenance/api/dashboard/actions",
                    "{\"action\":\"exit\",\"target\":\"api\",\"reason\":\"done\"}", "Authorization", "Bearer " + BOT);
            assertThat(exit.statusCode()).as(exit.body()).isEqualTo(200);

            HttpResponse<String> drain = app.postJson("/maintenance/api/dashboard/actions",
                    "{\"action\":\"drain\",\"target\":\"api\",\"seconds\":60}", "Authorization", "Bearer " + OPS);
            assertThat(drain.statusCode()).as(drain.body()).isEqualTo(200);

            HttpResponse<String> csv = app.get("/maintenance/api/dashboard/audit?format=csv", "Authorization",
                    "Bearer " + ALICE);
            assertThat(csv.statusCode()).isEqualTo(200);
            String[] lines = csv.body().split("\r\n");
            assertThat(lines).hasSize(4);
            assertThat(lines[1]).contains(",DASHBOARD,Ops_Team,,drain,api,");
            assertThat(lines[2]).contains(",DASHBOARD,deploy.bot,done,exit,api,");
            assertThat(lines[3]).contains(",DASHBOARD,alice,disk swap,enter,api,");
            assertThat(app.bean(MaintenanceController.class).audit().list()).extracting(e -> e.actor())
                    .containsExactly("Ops_Team", "deploy.bot", "alice");
            assertThat(app.get("/maintenance/api/dashboard/audit", "Authorization", "Bearer wrong-token-0123456789")
                    .statusCode()).isEqualTo(401);
        }
    }
}
