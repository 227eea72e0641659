package io.staffsync.app.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.api.staff.query.ListStaffMembersQuery;
import io.staffsync.api.staff.query.StaffMemberPage;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StompTestClient;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the database holds, read directly with the test's own JDBC, as an auditor would, and the checks the
 * fault tests make on it. In these tests every command that is applied stores exactly one event, which
 * carries its {@code commandId} in its metadata.
 */
final class StoreAudit {

    record StoredEvent(UUID commandId, String staffId, long version, long position) {
    }

    record Processed(UUID commandId, String staffId, Long version) {
    }

    private final JdbcTemplate jdbc;

    StoreAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every stored event by the commandId in its metadata (null for events without one). */
    Map<UUID, List<StoredEvent>> eventsByCommand() {
        Map<UUID, List<StoredEvent>> events = new HashMap<>();
        jdbc.query("""
                SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'commandId', aggregate_identifier, sequence_number,
                       global_index
                FROM domain_event_entry ORDER BY global_index""", rs -> {
            String id = rs.getString(1);
            UUID commandId = id == null ? null : UUID.fromString(id);
            events.computeIfAbsent(commandId, k -> new ArrayList<>())
                    .add(new StoredEvent(commandId, rs.getString(2), rs.getLong(3), rs.getLong(4)));
        });
        return events;
    }

    Map<UUID, Processed> processedCommands() {
        Map<UUID, Processed> processed = new HashMap<>();
        jdbc.query("SELECT command_id, staff_id, version FROM processed_command", rs -> {
            UUID id = rs.getObject(1, UUID.class);
            processed.put(id, new Processed(id, rs.getString(2), rs.getObject(3, Long.class)));
        });
        return processed;
    }

    /** Every global position in the log, in order. */
    List<Long> positions() {
        return jdbc.queryForList("SELECT global_index FROM domain_event_entry ORDER BY global_index", Long.class);
    }

    long lastPosition() {
        Long last = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return last == null ? 0 : last;
    }

    List<String> staffIds() {
        return jdbc.queryForList("SELECT DISTINCT aggregate_identifier FROM domain_event_entry ORDER BY 1",
                String.class);
    }

    /** The state each staff member's events imply (the replay oracle), read in one query. */
    Map<String, StaffMemberView> replayAll() {
        Map<String, List<EventLog.StoredEvent>> streams = new TreeMap<>();
        jdbc.query("""
                SELECT aggregate_identifier, global_index, sequence_number, payload_type, payload, meta_data
                FROM domain_event_entry ORDER BY aggregate_identifier, sequence_number""", rs -> {
            streams.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new EventLog.StoredEvent(
                    rs.getLong(2), rs.getLong(3), rs.getString(4), json(rs.getBytes(5)), json(rs.getBytes(6))));
        });
        Map<String, StaffMemberView> states = new TreeMap<>();
        streams.forEach((staffId, events) -> states.put(staffId, EventLog.replay(events)));
        return states;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return StompTestClient.JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored bytes are not JSON", e);
        }
    }

    /**
     * The store is whole: every command of {@code commands} is stored completely or not at all (its
     * idempotency record exactly when its one event), no event comes from anywhere else, each staff member's
     * versions are 0..n without a gap, and the email lookup agrees with each staff member's events.
     *
     * @return the commands of {@code commands} that are stored
     */
    Set<UUID> assertWhole(Collection<UUID> commands) {
        Map<UUID, List<StoredEvent>> events = eventsByCommand();
        Map<UUID, Processed> processed = processedCommands();
        assertThat(events.keySet()).as("every stored event comes from a command of the test")
                .isSubsetOf(commands);
        assertThat(processed.keySet()).as("every idempotency record belongs to a command of the test")
                .isSubsetOf(commands);
        for (UUID commandId : commands) {
            List<StoredEvent> stored = events.getOrDefault(commandId, List.of());
            assertThat(stored).as("events of command %s", commandId).hasSizeLessThanOrEqualTo(1);
            Processed record = processed.get(commandId);
            if (stored.isEmpty()) {
                assertThat(record).as("idempotency record of command %s, which stored no event", commandId).isNull();
            } else {
                assertThat(record).as("idempotency record of stored command %s", commandId).isNotNull();
                assertThat(record.staffId()).isEqualTo(stored.get(0).staffId());
                assertThat(record.version()).as("recorded version of %s", commandId)
                        .isEqualTo(stored.get(0).version());
            }
        }

        Map<String, List<Long>> versions = new LinkedHashMap<>();
        jdbc.query("SELECT aggregate_identifier, sequence_number FROM domain_event_entry ORDER BY 1, 2",
                rs -> {
                    versions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        versions.forEach((staffId, sequence) -> {
            for (int i = 0; i < sequence.size(); i++) {
                assertThat(sequence.get(i)).as("version %d of staff member %s", i, staffId).isEqualTo(i);
            }
        });

        Map<String, StaffMemberView> states = replayAll();
        Map<String, Object[]> emails = new HashMap<>();
        jdbc.query("SELECT staff_id, email, active FROM staff_email",
                rs -> {
                    emails.put(rs.getString(1), new Object[] {rs.getString(2), rs.getBoolean(3)});
                });
        assertThat(emails.keySet()).as("staff with an email record").isEqualTo(states.keySet());
        states.forEach((staffId, state) -> {
            assertThat(emails.get(staffId)[0]).as("email record of %s", staffId).isEqualTo(state.email());
            assertThat(emails.get(staffId)[1]).as("email record of %s active", staffId).isEqualTo(state.active());
        });

        Set<UUID> stored = new java.util.HashSet<>(events.keySet());
        stored.retainAll(commands);
        return stored;
    }

    /** An ACCEPTED (or DUPLICATE) reply names exactly the one event its command stored. */
    void assertReplyMatchesStore(CommandReply reply) {
        List<StoredEvent> stored = eventsByCommand().getOrDefault(reply.commandId(), List.of());
        assertThat(stored).as("events of answered command %s (%s)", reply.commandId(), reply.status()).hasSize(1);
        assertThat(reply.staffId()).isEqualTo(stored.get(0).staffId());
        assertThat(reply.version()).as("version in the reply to %s", reply.commandId())
                .isEqualTo(stored.get(0).version());
        assertThat(reply.position()).as("position in the reply to %s", reply.commandId())
                .isEqualTo(stored.get(0).position());
    }

    /**
     * The directory projection, as {@code GET /api/staff} pages it, holds exactly what a replay of the log
     * gives: the same staff members, each in the same state.
     */
    void assertDirectoryEqualsReplay(HttpTestClient viewer) {
        Map<String, StaffMemberView> directory = new TreeMap<>();
        for (int page = 0; ; page++) {
            StaffMemberPage items = viewer.getAs("/api/staff?size=" + ListStaffMembersQuery.MAX_PAGE_SIZE
                    + "&page=" + page, StaffMemberPage.class);
            items.items().forEach(view -> assertThat(directory.put(view.staffId(), view))
                    .as("directory rows of %s", view.staffId()).isNull());
            if (items.items().size() < ListStaffMembersQuery.MAX_PAGE_SIZE) {
                break;
            }
        }
        Map<String, StaffMemberView> replay = replayAll();
        List<String> differences = new ArrayList<>();
        replay.forEach((staffId, expected) -> {
            StaffMemberView actual = directory.get(staffId);
            if (!expected.equals(actual)) {
                differences.add(staffId + ": replay " + expected + ", directory " + actual);
            }
        });
        directory.keySet().stream().filter(staffId -> !replay.containsKey(staffId))
                .forEach(staffId -> differences.add(staffId + ": in the directory only"));
        assertThat(differences).as("staff members whose directory entry differs from a replay of the log (%d)",
                differences.size()).isEmpty();
    }

    /**
     * What a client was pushed is the log: every position once, in order, and each staff member's last
     * pushed state is what a replay of the log gives.
     */
    void assertConvergedToLog(List<StaffChangeMessage> pushed, long fromPosition, List<String> clientProblems) {
        List<Long> expected = positions().stream().filter(position -> position > fromPosition).toList();
        List<Long> received = pushed.stream().map(StaffChangeMessage::position).toList();
        List<String> missing = new ArrayList<>();
        java.util.Set<Long> receivedSet = new java.util.HashSet<>(received);
        jdbc.query("SELECT global_index, aggregate_identifier, sequence_number, payload_type, time_stamp"
                + " FROM domain_event_entry ORDER BY global_index", rs -> {
            if (rs.getLong(1) > fromPosition && !receivedSet.contains(rs.getLong(1))) {
                missing.add(rs.getLong(1) + " " + rs.getString(2) + "@" + rs.getLong(3) + " " + rs.getString(4)
                        + " " + rs.getString(5));
            }
        });
        assertThat(received).as("positions pushed to a client; missing %s; client problems %s", missing,
                clientProblems).containsExactlyElementsOf(expected);
        Map<String, StaffMemberView> lastState = new HashMap<>();
        pushed.forEach(change -> lastState.put(change.staffId(), change.state()));
        Map<String, StaffMemberView> replay = replayAll();
        lastState.forEach((staffId, state) ->
                assertThat(state).as("last pushed state of %s", staffId).isEqualTo(replay.get(staffId)));
    }
}
