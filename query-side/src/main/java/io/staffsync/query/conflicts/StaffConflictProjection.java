package io.staffsync.query.conflicts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.event.StaffConflictExpiredEvent;
import io.staffsync.api.staff.event.StaffConflictRaisedEvent;
import io.staffsync.api.staff.event.StaffConflictResolvedEvent;
import io.staffsync.api.staff.query.FindConflictsQuery;
import io.staffsync.api.staff.query.StaffConflictView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;

/** Builds {@code staff_conflict} from the conflict events and answers {@link FindConflictsQuery}. */
@Component
@ProcessingGroup(StaffConflictProjection.PROCESSING_GROUP)
class StaffConflictProjection {

    static final String PROCESSING_GROUP = "staff-conflicts";
    static final int MAX_LIMIT = 500;

    private final StaffConflictRepository repository;
    private final ObjectMapper json;

    StaffConflictProjection(StaffConflictRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    @EventHandler
    void on(StaffConflictRaisedEvent event, @SequenceNumber long version, @Timestamp Instant at) {
        if (repository.existsById(event.conflict().conflictId())) {
            return;
        }
        StaffConflictEntry entry = new StaffConflictEntry();
        entry.conflictId = event.conflict().conflictId();
        entry.staffId = event.staffId();
        entry.status = "PENDING";
        entry.raisedBy = event.raisedBy();
        entry.raisedAt = at;
        entry.raisedAtVersion = version;
        entry.expiresAt = event.expiresAt();
        entry.fallback = event.fallback().name();
        entry.detail = write(event.conflict());
        repository.save(entry);
    }

    @EventHandler
    void on(StaffConflictResolvedEvent event, @Timestamp Instant at) {
        settle(event.conflict(), "RESOLVED", event.resolvedBy(), at);
    }

    @EventHandler
    void on(StaffConflictExpiredEvent event, @Timestamp Instant at,
            @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        settle(event.conflict(), "EXPIRED", actor, at);
    }

    @ResetHandler
    void reset() {
        repository.deleteAllInBatch();
    }

    @QueryHandler
    @Transactional(readOnly = true)
    public List<StaffConflictView> handle(FindConflictsQuery query) {
        Specification<StaffConflictEntry> filter = (root, q, cb) -> cb.conjunction();
        if (query.status() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("status"), query.status()));
        }
        if (query.staffId() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("staffId"), query.staffId()));
        }
        int limit = Math.max(1, Math.min(query.limit(), MAX_LIMIT));
        return repository.findAll(filter, PageRequest.of(0, limit, Sort.by(Sort.Direction.DESC, "raisedAt")))
                .map(this::view).getContent();
    }

    private void settle(ConflictOutcome outcome, String status, String by, Instant at) {
        repository.findById(outcome.conflictId()).ifPresent(entry -> {
            entry.status = status;
            entry.settledBy = by;
            entry.settledAt = at;
            entry.detail = write(outcome);
        });
    }

    private StaffConflictView view(StaffConflictEntry entry) {
        try {
            return new StaffConflictView(entry.conflictId, entry.staffId, entry.status, entry.raisedBy, entry.raisedAt,
                    entry.raisedAtVersion, entry.expiresAt, ConflictStrategy.valueOf(entry.fallback), entry.settledBy,
                    entry.settledAt, json.readValue(entry.detail, ConflictOutcome.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable conflict detail of " + entry.conflictId, e);
        }
    }

    private String write(ConflictOutcome outcome) {
        try {
            return json.writeValueAsString(outcome);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
