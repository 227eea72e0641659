package io.staffsync.query.live;

import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.event.StaffConflictExpiredEvent;
import io.staffsync.api.staff.event.StaffConflictRaisedEvent;
import io.staffsync.api.staff.event.StaffConflictResolvedEvent;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.ConflictNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /user/queue/conflicts}: tells the users a user-choice conflict concerns when it is raised, resolved or
 * expired. Those are the user who raised it (taken from the event, whose actor is the authenticated user who
 * sent the stale edit) and the users whose values it contests ({@code theirsActor}); the same people hear of
 * every step of one conflict.
 * <p>
 * Driven by the {@link ChangeFeed}, event by event in position order, after the change itself was published:
 * every node tells its own connections, nothing is sent for events committed before the node started, and
 * nothing is sent twice. A user who is not connected at that moment finds pending conflicts through
 * {@code GET /api/conflicts}.
 */
@Component
public class ConflictNotifications {

    /** The user destination (without the {@code /user} prefix) a client subscribes to as {@code /user/queue/conflicts}. */
    public static final String QUEUE = "/queue/conflicts";
    private static final Logger log = LoggerFactory.getLogger(ConflictNotifications.class);
    private static final String SYSTEM = "system";
    private static final int REMEMBERED = 10_000;

    /** What the raising event said, needed again when the conflict is settled. */
    private record Raised(String raisedBy, long version, Instant expiresAt, ConflictStrategy fallback,
                          Set<String> recipients) {
    }

    private final EventStoreReader store;
    private final SimpMessagingTemplate messaging;
    private final Map<UUID, Raised> raised = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Raised> eldest) {
            return size() > REMEMBERED;
        }
    });

    ConflictNotifications(EventStoreReader store, @Lazy SimpMessagingTemplate messaging) {
        this.store = store;
        this.messaging = messaging;
    }

    /** Called by the feed for every event it publishes; acts on the three conflict events only. */
    void published(StoredEvent event) {
        try {
            notify(event);
        } catch (RuntimeException e) {
            // a lost notification must not stop the feed: the conflict is in GET /api/conflicts all the same
            log.warn("Conflict notification for position {} failed", event.position(), e);
        }
    }

    private void notify(StoredEvent event) {
        if (event.payload() instanceof StaffConflictRaisedEvent raising) {
            Raised conflict = raised(raising, event.version());
            raised.put(raising.conflict().conflictId(), conflict);
            send(conflict, event, ChangeType.CONFLICT_RAISED, raising.conflict(), null);
        } else if (event.payload() instanceof StaffConflictResolvedEvent resolved) {
            lookUp(event, resolved.conflict().conflictId()).ifPresent(conflict -> send(conflict, event,
                    ChangeType.CONFLICT_RESOLVED, resolved.conflict(), resolved.resolvedBy()));
        } else if (event.payload() instanceof StaffConflictExpiredEvent expired) {
            Object actor = event.metaData().get(StaffMetaData.ACTOR);
            lookUp(event, expired.conflict().conflictId()).ifPresent(conflict -> send(conflict, event,
                    ChangeType.CONFLICT_EXPIRED, expired.conflict(), actor == null ? SYSTEM : actor.toString()));
        }
    }

    private void send(Raised conflict, StoredEvent event, ChangeType type, ConflictOutcome outcome, String settledBy) {
        ConflictNotification notification = new ConflictNotification(event.position(), event.staffId(),
                event.version(), type, outcome.conflictId(), conflict.raisedBy(), conflict.version(),
                conflict.expiresAt(), conflict.fallback(), settledBy, event.occurredAt(), outcome);
        for (String user : conflict.recipients()) {
            // headers left mutable: the user destination handler re-sends through an ordered channel, which
            // must add its own header (an immutable set fails there, and the notification is lost)
            SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
            headers.setLeaveMutable(true);
            messaging.convertAndSendToUser(user, QUEUE, notification, headers.getMessageHeaders());
        }
        if (type != ChangeType.CONFLICT_RAISED) {
            raised.remove(outcome.conflictId());
        }
    }

    /** The raising event of a conflict settled now: remembered, or read back from the staff member's history. */
    private java.util.Optional<Raised> lookUp(StoredEvent settling, UUID conflictId) {
        Raised remembered = raised.get(conflictId);
        if (remembered != null) {
            return java.util.Optional.of(remembered);
        }
        List<StoredEvent> history = store.history(settling.staffId(), settling.version());
        for (StoredEvent earlier : history) {
            if (earlier.payload() instanceof StaffConflictRaisedEvent raising
                    && conflictId.equals(raising.conflict().conflictId())) {
                return java.util.Optional.of(raised(raising, earlier.version()));
            }
        }
        log.debug("No raising event for conflict {} of {}", conflictId, settling.staffId());
        return java.util.Optional.empty();
    }

    private static Raised raised(StaffConflictRaisedEvent raising, long version) {
        Set<String> recipients = new LinkedHashSet<>();
        if (raising.raisedBy() != null) {
            recipients.add(raising.raisedBy());
        }
        for (FieldConflict contested : raising.conflict().contested()) {
            if (contested.theirsActor() != null && !SYSTEM.equals(contested.theirsActor())) {
                recipients.add(contested.theirsActor());
            }
        }
        return new Raised(raising.raisedBy(), version, raising.expiresAt(), raising.fallback(), Set.copyOf(recipients));
    }
}
