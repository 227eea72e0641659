package io.staffsync.query.directory;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The global position ({@code global_index}) of the event being handled, read from the event store by the event's
 * identifier. Axon's tracking token cannot tell it: for an event that fills a gap (a transaction that committed after
 * a later one), the token's position is the highest position handled so far, not the event's own.
 * <p>
 * A tracking processor hands its handlers a batch in one unit of work (up to the processor's batch size in a
 * replay or a backlog): the positions of the whole batch are read in one query, when its first event asks.
 */
@Component
class GlobalPositions {

    private static final String BATCH_POSITIONS = GlobalPositions.class.getName() + ".batch";
    private static final String SELECT = "SELECT event_identifier, global_index FROM domain_event_entry "
            + "WHERE event_identifier = ANY (?)";

    private final JdbcTemplate jdbc;

    GlobalPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The global position of the event with this identifier, which must be in the event store. */
    long of(String eventIdentifier) {
        Long position = null;
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
            Map<String, Long> batch = unitOfWork.root().getOrComputeResource(BATCH_POSITIONS,
                    key -> read(identifiersOf(unitOfWork, eventIdentifier)));
            position = batch.get(eventIdentifier);
        }
        if (position == null) {
            // outside a batch (a dead letter retried, a test handing events over directly)
            position = read(List.of(eventIdentifier)).get(eventIdentifier);
        }
        if (position == null) {
            throw new IllegalStateException("event " + eventIdentifier + " is not in the event store");
        }
        return position;
    }

    private static List<String> identifiersOf(UnitOfWork<?> unitOfWork, String eventIdentifier) {
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
            return batch.getMessages().stream().map(Message::getIdentifier).toList();
        }
        return List.of(eventIdentifier);
    }

    private Map<String, Long> read(List<String> eventIdentifiers) {
        Map<String, Long> positions = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement(SELECT);
            select.setArray(1, connection.createArrayOf("varchar", eventIdentifiers.toArray()));
            return select;
        }, row -> {
            positions.put(row.getString(1), row.getLong(2));
        });
        return positions;
    }
}
