package io.staffsync.api.staff.conflict;

/**
 * How a stale update (one whose {@code expectedVersion} is older than the current version) is settled.
 * A field is <em>contested</em> when it changed since the client's version and the update sets it to a
 * value different from the current one; fields that are not contested are always applied.
 */
public enum ConflictStrategy {
    /** Contested fields take the incoming value; the event records whose values it overwrote. */
    LAST_WRITER_WINS,
    /** Any contested field rejects the whole update with CONFLICT (base/theirs/mine per field). */
    FIRST_WRITER_WINS,
    /** Three-way merge per field; sets merge additions and removals; contested scalars follow the tie-break. */
    MERGE_CHANGES,
    /** Any contested field parks the update as a pending conflict that a person settles. */
    USER_CHOICE
}
