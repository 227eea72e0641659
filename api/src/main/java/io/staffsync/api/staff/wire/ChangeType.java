package io.staffsync.api.staff.wire;

/** The kind of change a pushed {@link StaffChangeMessage} describes. */
public enum ChangeType {
    REGISTERED,
    UPDATED,
    DEACTIVATED,
    REACTIVATED,
    CONFLICT_RAISED,
    CONFLICT_RESOLVED,
    CONFLICT_EXPIRED,
    /**
     * Not a change: the {@code resume-from} position asked for cannot be served (unknown, or further back
     * than the server replays). Reload the current state through the query API, then continue from
     * {@code position}.
     */
    RESYNC_REQUIRED
}
