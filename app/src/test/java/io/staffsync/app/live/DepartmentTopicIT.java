package io.staffsync.app.live;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /topic/staff.department.{department}} carries the changes after which the staff member is in that
 * department (docs/protocol.md, Subscriptions): a move from X to Y reaches Y's subscribers, not X's.
 */
@StaffSyncIntegrationTest
class DepartmentTopicIT {

    @LocalServerPort
    int port;
    @Autowired
    SimpleBrokerMessageHandler broker;

    @Test
    void a_department_topic_gets_the_changes_that_leave_the_staff_member_in_it_and_a_move_reaches_the_new_one_only()
            throws Exception {
        String staffId = UUID.randomUUID().toString();
        String from = "Research " + UUID.randomUUID();
        String to = "Platform " + UUID.randomUUID();
        Map<String, Object> fields = new HashMap<>(registration(staffId));
        fields.put("department", from);
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor");
             StompTestClient viewer = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<StaffChangeMessage> oldDepartment = subscribed(viewer, "/topic/staff.department." + from);
            BlockingQueue<StaffChangeMessage> newDepartment = subscribed(viewer, "/topic/staff.department." + to);
            BlockingQueue<StaffChangeMessage> member = subscribed(viewer, "/topic/staff." + staffId);

            long registered = accepted(editor.command("/app/staff.create",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, null, null, fields, null)));
            long updated = accepted(editor.command("/app/staff.update",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, 0L, Map.of("weeklyHours", 32), null, null)));
            long moved = accepted(editor.command("/app/staff.update",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, 1L, Map.of("department", to), null, null)));
            long afterMove = accepted(editor.command("/app/staff.update",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, 2L, Map.of("role", "Lead"), null, null)));

            List<StaffChangeMessage> all = ResumeIT.take(member, 4);
            assertThat(all).extracting(StaffChangeMessage::position)
                    .containsExactly(registered, updated, moved, afterMove);
            // a change goes to /topic/staff, then the staff member's topic, then the department's, and one
            // connection's messages leave in publication order: the new department's copy of the last change is the
            // last message this connection gets, so once it is here the old department's queue is complete
            List<StaffChangeMessage> inNew = ResumeIT.take(newDepartment, 2);
            List<StaffChangeMessage> inOld = drain(oldDepartment);
            inNew.addAll(drain(newDepartment));
            String received = "staff topic " + summary(all) + ", old department " + summary(inOld)
                    + ", new department " + summary(inNew);

            assertThat(inOld).extracting(StaffChangeMessage::position).as(received)
                    .containsExactly(registered, updated);
            assertThat(inOld).extracting(StaffChangeMessage::type).containsExactly(ChangeType.REGISTERED,
                    ChangeType.UPDATED);
            assertThat(inNew).extracting(StaffChangeMessage::position).as(received).containsExactly(moved, afterMove);
            StaffChangeMessage move = inNew.get(0);
            assertThat(move.state().department()).isEqualTo(to);
            assertThat(move.changes()).containsExactly(new FieldChange(StaffField.DEPARTMENT, from, to));
        }
    }

    private BlockingQueue<StaffChangeMessage> subscribed(StompTestClient client, String destination) {
        BlockingQueue<StaffChangeMessage> received = client.subscribe(destination, StaffChangeMessage.class);
        BrokerSubscriptions.awaitSubscription(broker, destination, client.subscriptionId(received));
        return received;
    }

    private static long accepted(CommandReply reply) {
        assertThat(reply.status()).isEqualTo(CommandStatus.ACCEPTED);
        return reply.position();
    }

    /** Position, type and department of each message, for a failure to show what arrived where. */
    private static List<String> summary(List<StaffChangeMessage> messages) {
        return messages.stream().map(m -> m.position() + " " + m.type() + " in " + m.state().department()).toList();
    }

    private static List<StaffChangeMessage> drain(BlockingQueue<StaffChangeMessage> queue) {
        List<StaffChangeMessage> messages = new ArrayList<>();
        queue.drainTo(messages);
        return messages;
    }
}
