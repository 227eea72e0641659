package io.staffsync.api.staff.event;

/**
 * A fact about one staff member. Who, from where, through which command and when are in the event's
 * metadata (see {@link io.staffsync.api.staff.StaffMetaData}); the global position and the version are
 * assigned by the event store.
 */
public sealed interface StaffMemberEvent
        permits StaffMemberRegisteredEvent, StaffMemberUpdatedEvent, StaffMemberDeactivatedEvent,
        StaffMemberReactivatedEvent, StaffConflictRaisedEvent, StaffConflictResolvedEvent, StaffConflictExpiredEvent {

    String staffId();
}
