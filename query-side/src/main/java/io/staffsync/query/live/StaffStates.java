package io.staffsync.query.live;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.query.StaffMemberView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of staff members as the feed walks the log, folded from their events (the same fold a replay
 * does, so a pushed state always equals a replay up to that event). Bounded: least recently used states
 * are dropped and rebuilt from the store when needed again.
 */
public final class StaffStates {

    private final EventStoreReader store;
    private final Map<String, StaffMemberView> latest;

    StaffStates(EventStoreReader store, int capacity) {
        this.store = store;
        this.latest = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StaffMemberView> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The staff member's state after {@code event}, which must be the next event of that staff member. */
    StaffMemberView after(StoredEvent event) {
        StaffMemberView before = latest.get(event.staffId());
        if (before == null || before.version() != event.version() - 1) {
            before = event.version() == 0 ? null : rebuild(event.staffId(), event.version() - 1);
        }
        StaffMemberView after = apply(before, event);
        latest.put(event.staffId(), after);
        return after;
    }

    private StaffMemberView rebuild(String staffId, long version) {
        StaffMemberView state = null;
        List<StoredEvent> history = store.history(staffId, version);
        for (StoredEvent event : history) {
            state = apply(state, event);
        }
        return state;
    }

    /** The fold itself: {@code state} (null before registration) after {@code event}. */
    public static StaffMemberView apply(StaffMemberView state, StoredEvent event) {
        if (event.payload() instanceof StaffMemberRegisteredEvent registered) {
            return StaffMemberView.of(registered.staffId(), event.version(), true, registered.details());
        }
        if (state == null) {
            throw new IllegalStateException("event " + event.position() + " of unregistered staff member "
                    + event.staffId());
        }
        StaffDetails details = state.details();
        boolean active = state.active();
        if (event.payload() instanceof StaffMemberUpdatedEvent updated) {
            for (FieldChange change : updated.changes()) {
                details = change.field().with(details, change.newValue());
            }
        } else if (event.payload() instanceof StaffMemberDeactivatedEvent) {
            active = false;
        } else if (event.payload() instanceof StaffMemberReactivatedEvent) {
            active = true;
        }
        return StaffMemberView.of(state.staffId(), event.version(), active, details);
    }
}
