package io.staffsync.app.security;

import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ConflictNotification;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may do what, over HTTP and STOMP, for configured users (Basic, login/passcode) and bearer tokens alike:
 * the path scheme, the role hierarchy (ADMIN > AUDITOR, ANALYST, EDITOR; EDITOR > VIEWER), 401 without
 * credentials, 403 problem detail for the wrong role, ERROR frame for a destination the user may not read.
 * Paths of features not built yet are still guarded: authorization comes before routing.
 */
@StaffSyncIntegrationTest
class RoleAuthorizationIT {

    private static final List<String> ANY_READER = List.of("/api/staff", "/api/staff/someone", "/api/conflicts");
    private static final String STATS = "/api/staff/stats";
    private static final String REPORTING = "/api/reporting/headcount";
    private static final String HISTORY = "/api/staff/someone/history";
    private static final String AS_OF = "/api/staff/someone/as-of";
    private static final String EVENTS = "/api/events";
    private static final String AUDIT = "/api/audit/verify";
    private static final String ADMIN = "/api/admin/replay";
    private static final String METRICS = "/actuator/metrics";

    @LocalServerPort
    int port;
    @Autowired
    DevTokenIssuer issuer;

    @Test
    void each_role_reaches_exactly_its_paths() {
        assertReaches("viewer", ANY_READER, List.of(STATS, REPORTING, HISTORY, AS_OF, EVENTS, AUDIT, ADMIN, METRICS));
        assertReaches("analyst", List.of(STATS, REPORTING, "/api/staff", "/api/conflicts"),
                List.of(HISTORY, AS_OF, EVENTS, AUDIT, ADMIN, METRICS));
        assertReaches("auditor", List.of(HISTORY, AS_OF, EVENTS, EVENTS + "/after/0", AUDIT, "/api/staff"),
                List.of(STATS, REPORTING, ADMIN, METRICS));
        assertReaches("editor", List.of(HISTORY, AS_OF, "/api/staff", "/api/conflicts"),
                List.of(STATS, REPORTING, EVENTS, AUDIT, ADMIN, METRICS));
        assertReaches("admin", List.of(STATS, REPORTING, HISTORY, AS_OF, EVENTS, AUDIT, ADMIN, METRICS, "/api/staff"),
                List.of());
    }

    @Test
    void the_wrong_role_gets_a_403_problem_detail_and_no_credentials_a_401() {
        HttpTestClient.Response forbidden = new HttpTestClient(port, "viewer", "viewer").get(EVENTS);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");
        assertThat(forbidden.body().path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(forbidden.body().path("status").asInt()).isEqualTo(403);
        assertThat(forbidden.body().path("detail").asText()).contains("viewer");

        HttpTestClient anonymous = new HttpTestClient(port, null, null);
        for (String path : List.of("/api/staff", EVENTS, ADMIN, STATS, METRICS)) {
            assertThat(anonymous.get(path).status()).as("GET " + path + " without credentials").isEqualTo(401);
        }
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).as("public, whether or not it exists yet")
                .isNotIn(401, 403);
    }

    @Test
    void only_editors_send_commands_over_http_and_an_admin_is_an_editor() {
        String staffId = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("staffId", staffId, "fields", registration(staffId));
        for (String user : List.of("viewer", "analyst", "auditor")) {
            HttpTestClient.Response refused = new HttpTestClient(port, user, user).post("/api/staff", body);
            assertThat(refused.status()).as(user).isEqualTo(403);
            assertThat(refused.body().path("code").asText()).isEqualTo("FORBIDDEN");
        }
        assertThat(new HttpTestClient(port, "admin", "admin").post("/api/staff", body).status()).isEqualTo(201);
    }

    @Test
    void a_token_gets_the_hierarchy_from_its_roles_claim() throws Exception {
        String admin = issuer.issue("ada", List.of("admin"), Duration.ofMinutes(5));
        String analyst = issuer.issue("ann", List.of("analyst"), Duration.ofMinutes(5));
        assertThat(HttpTestClient.withToken(port, admin).get(EVENTS).status()).isNotIn(401, 403);
        assertThat(HttpTestClient.withToken(port, admin).get(HISTORY).status()).isNotIn(401, 403);
        assertThat(HttpTestClient.withToken(port, analyst).get(STATS).status()).isNotIn(401, 403);
        HttpTestClient.Response refused = HttpTestClient.withToken(port, analyst).get(EVENTS);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("code").asText()).isEqualTo("FORBIDDEN");

        String staffId = UUID.randomUUID().toString();
        try (StompTestClient client = StompTestClient.connectWithToken(port, admin)) {
            client.subscribe("/topic/staff." + staffId, StaffChangeMessage.class);
            client.subscribe("/user/queue/conflicts", ConflictNotification.class);
            assertThat(client.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                    null, registration(staffId), null)).status()).as("an admin token may command")
                    .isEqualTo(CommandStatus.ACCEPTED);
            assertThat(client.awaitErrorFrame(500)).isNull();
        }
        try (StompTestClient client = StompTestClient.connectWithToken(port, analyst)) {
            assertRefused(client, "/topic/staff", "forbidden: ann may not read /topic/staff (role VIEWER required)");
        }
    }

    @Test
    void stomp_destinations_are_read_by_the_roles_that_may() throws Exception {
        try (StompTestClient analyst = StompTestClient.connect(port, "analyst", "analyst")) {
            assertRefused(analyst, "/topic/staff", "forbidden: analyst may not read /topic/staff (role VIEWER required)");
        }
        try (StompTestClient auditor = StompTestClient.connect(port, "auditor", "auditor")) {
            assertRefused(auditor, "/topic/staff.s1.presence", "role VIEWER required");
        }
        try (StompTestClient viewer = StompTestClient.connect(port, "viewer", "viewer")) {
            assertRefused(viewer, "/user/queue/conflicts",
                    "forbidden: viewer may not read /user/queue/conflicts (role EDITOR required)");
        }
        for (String user : List.of("viewer", "editor", "admin")) {
            try (StompTestClient reader = StompTestClient.connect(port, user, user)) {
                reader.subscribe("/topic/staff", StaffChangeMessage.class);
                reader.subscribe("/topic/staff.s1", StaffChangeMessage.class);
                reader.subscribe("/topic/staff.s1.presence", byte[].class);
                reader.subscribe("/topic/staff.department.R&D", StaffChangeMessage.class);
                if (!user.equals("viewer")) {
                    reader.subscribe("/user/queue/conflicts", ConflictNotification.class);
                }
                assertThat(reader.awaitErrorFrame(1_000)).as(user).isNull();
                assertThat(reader.isConnected()).isTrue();
            }
        }
    }

    @Test
    void a_client_may_send_only_to_application_destinations() throws Exception {
        try (StompTestClient forger = StompTestClient.connect(port, "editor", "editor")) {
            forger.send("/topic/staff", Map.of("type", "DEACTIVATED", "staffId", "someone"));
            StompHeaders error = forger.awaitErrorFrame(10_000);
            assertThat(error).as("an ERROR frame").isNotNull();
            assertThat(error.getFirst("message")).contains("SEND only to /app/");
            await().atMost(Duration.ofSeconds(10)).until(() -> !forger.isConnected());
        }
    }

    private void assertReaches(String user, List<String> allowed, List<String> refused) {
        HttpTestClient client = new HttpTestClient(port, user, user);
        for (String path : allowed) {
            assertThat(client.get(path).status()).as(user + " GET " + path).isNotIn(401, 403);
        }
        for (String path : refused) {
            assertThat(client.get(path).status()).as(user + " GET " + path).isEqualTo(403);
        }
    }

    private static void assertRefused(StompTestClient client, String destination, String reason) throws Exception {
        client.subscribe(destination, byte[].class);
        StompHeaders error = client.awaitErrorFrame(10_000);
        assertThat(error).as("an ERROR frame for " + destination).isNotNull();
        assertThat(error.getFirst("message")).contains(reason);
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    }
}
