package io.staffsync.api.staff.wire;

/** The kind of change a pushed {@link StaffChangeMessage} describes. */
public enum ChangeType {
    REGISTERED,
    UPDATED,
    DEACTIVATED,
    REACTIVATED,
    CONFLICT_RAISED,
    CONFLICT_RESOLVED,
    CONFLICT_EXPIRED
}
