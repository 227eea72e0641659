package io.staffsync.app.stomp;

import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad STOMP input gets exactly one clear reply (or an ERROR frame), and stores nothing. */
@StaffSyncIntegrationTest
class StompCommandProtocolIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void malformed_and_invalid_commands_are_rejected_with_a_reason_and_the_connection_stays_usable() throws Exception {
        try (StompTestClient client = StompTestClient.connect(port, "editor", "editor")) {
            client.sendRaw("/app/staff.create", "{this is not json");
            CommandReply unreadable = client.nextReply();
            assertThat(unreadable.status()).isEqualTo(CommandStatus.REJECTED);
            assertThat(unreadable.error().code()).isEqualTo(ErrorCode.MALFORMED);

            UUID typedWrong = UUID.randomUUID();
            client.sendRaw("/app/staff.update", "{\"commandId\":\"" + typedWrong + "\",\"expectedVersion\":\"zero\"}");
            CommandReply wrongType = client.awaitReply(typedWrong);
            assertThat(wrongType.error().code()).isEqualTo(ErrorCode.MALFORMED);

            String staffId = UUID.randomUUID().toString();
            CommandReply noCommandId = sendAndNext(client, "/app/staff.create",
                    new StaffCommandRequest(null, staffId, null, null, registration(staffId), null));
            assertThat(noCommandId.error().code()).isEqualTo(ErrorCode.MALFORMED);
            assertThat(noCommandId.error().field()).isEqualTo("commandId");

            CommandReply unknownField = client.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(),
                    staffId, null, null, Map.of("firstName", "A", "lastName", "B", "email", "a@b.io", "shoeSize", 44),
                    null));
            assertThat(unknownField.error().code()).isEqualTo(ErrorCode.INVALID);
            assertThat(unknownField.error().field()).isEqualTo("shoeSize");

            CommandReply missingVersion = client.command("/app/staff.update", new StaffCommandRequest(
                    UUID.randomUUID(), staffId, null, Map.of("role", "x"), null, null));
            assertThat(missingVersion.error().field()).isEqualTo("expectedVersion");

            CommandReply emptyPatch = client.command("/app/staff.update", new StaffCommandRequest(
                    UUID.randomUUID(), staffId, 0L, Map.of(), null, null));
            assertThat(emptyPatch.error().field()).isEqualTo("changes");

            assertThat(EventLog.of(jdbc, staffId)).isEmpty();

            CommandReply valid = client.command("/app/staff.create",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, null, null, registration(staffId), null));
            assertThat(valid.status()).isEqualTo(CommandStatus.ACCEPTED);
            CommandReply noOp = client.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(),
                    staffId, 0L, Map.of("firstName", "Grace"), null, null));
            assertThat(noOp.status()).isEqualTo(CommandStatus.ACCEPTED);
            assertThat(noOp.version()).isZero();
            assertThat(noOp.position()).isEqualTo(valid.position());
            assertThat(EventLog.of(jdbc, staffId)).hasSize(1);
        }
    }

    @Test
    void a_viewer_may_subscribe_but_not_send_commands() throws Exception {
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient viewer = StompTestClient.connect(port, "viewer", "viewer")) {
            CommandReply reply = viewer.command("/app/staff.create",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, null, null, registration(staffId), null));
            assertThat(reply.status()).isEqualTo(CommandStatus.REJECTED);
            assertThat(reply.error().code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(EventLog.of(jdbc, staffId)).isEmpty();
    }

    @Test
    void a_connect_with_wrong_credentials_is_refused_with_an_error_frame() throws Exception {
        assertThat(StompTestClient.refusedConnect(port, "editor", "not-the-password").getFirst("message"))
                .contains("Bad credentials");
        assertThat(StompTestClient.refusedConnect(port, null, null).getFirst("message"))
                .contains("CONNECT needs an Authorization: Bearer");
    }

    private static CommandReply sendAndNext(StompTestClient client, String destination, StaffCommandRequest request)
            throws InterruptedException {
        client.sendRaw(destination, toJson(request));
        return client.nextReply();
    }

    private static String toJson(Object value) {
        try {
            return StompTestClient.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
