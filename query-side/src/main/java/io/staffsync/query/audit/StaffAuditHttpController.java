package io.staffsync.query.audit;

import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.query.live.EventStoreReader;
import io.staffsync.query.live.StaffStates;
import io.staffsync.query.live.StoredEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One staff member through time, read from the event store (not from the directory): {@code /history}, every
 * event in version order, and {@code /as-of}, the state at a version or a moment, folded exactly as the live
 * feed folds it ({@link StaffStates#apply}).
 */
@RestController
@RequestMapping("/api/staff/{staffId}")
class StaffAuditHttpController {

    /** A staff member's events, oldest first; {@code version} is the newest. */
    record StaffHistory(String staffId, long version, List<AuditEntry> events) {
    }

    /**
     * The state as of the requested {@code version} or moment {@code at}: {@code state.version()} is the version
     * it reflects, {@code position} and {@code changedAt} those of the event that made it.
     */
    record StaffAsOf(String staffId, Long requestedVersion, Instant requestedAt, StaffMemberView state, long position,
                     Instant changedAt) {
    }

    private final EventStoreReader store;
    private final Clock clock = Clock.systemUTC();

    StaffAuditHttpController(EventStoreReader store) {
        this.store = store;
    }

    @GetMapping("/history")
    StaffHistory history(@PathVariable String staffId) {
        List<StoredEvent> events = events(staffId);
        return new StaffHistory(staffId, events.get(events.size() - 1).version(),
                events.stream().map(AuditEntry::of).toList());
    }

    @GetMapping("/as-of")
    StaffAsOf asOf(@PathVariable String staffId, @RequestParam(required = false) String version,
                   @RequestParam(required = false) String at) {
        if ((version == null) == (at == null)) {
            throw AuditRequestException.invalid(version == null ? "version" : "at",
                    "give exactly one of version (a number) and at (an ISO-8601 instant)");
        }
        Long wantedVersion = version == null ? null : AuditParameters.nonNegative("version", version, 0);
        Instant wantedAt = at == null ? null : AuditParameters.pastInstant("at", at, clock);
        List<StoredEvent> events = events(staffId);
        StaffMemberView state = null;
        StoredEvent last = null;
        for (StoredEvent event : events) {
            boolean beyond = wantedVersion != null ? event.version() > wantedVersion
                    : event.occurredAt().isAfter(wantedAt);
            if (beyond) {
                break;
            }
            state = StaffStates.apply(state, event);
            last = event;
        }
        if (last == null) {
            throw AuditRequestException.notFound("staff member " + staffId + " was not registered yet at " + wantedAt);
        }
        if (wantedVersion != null && last.version() < wantedVersion) {
            throw AuditRequestException.notFound("staff member " + staffId + " has no version " + wantedVersion
                    + " (the newest is " + last.version() + ")");
        }
        return new StaffAsOf(staffId, wantedVersion, wantedAt, state, last.position(), last.occurredAt());
    }

    private List<StoredEvent> events(String staffId) {
        List<StoredEvent> events = store.history(staffId, Long.MAX_VALUE);
        if (events.isEmpty()) {
            throw AuditRequestException.notFound("no staff member with id " + staffId);
        }
        return events;
    }
}
