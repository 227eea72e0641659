package io.staffsync.api.staff.conflict;

/** How one contested field was settled. */
public enum FieldOutcome {
    /** The incoming value replaced the current one (last writer wins, merge tie-break, or a person chose it). */
    MINE,
    /** The current value stayed; the incoming one was not applied. */
    THEIRS,
    /** Both sides' changes were combined (set fields under merge). */
    MERGED,
    /** A person entered a value of their own. */
    EXPLICIT,
    /** Not applied: the update was rejected (first writer wins). */
    REJECTED,
    /** Waiting for a person to choose (user choice). */
    PENDING
}
