package io.staffsync.api.staff.conflict;

/** Which value a {@link ConflictStrategy#MERGE_CHANGES} merge keeps for a contested scalar field. */
public enum MergeTieBreak {
    /** The current value stays; the incoming one is reported as not applied. */
    KEEP_THEIRS,
    /** The incoming value is applied over the current one. */
    TAKE_MINE
}
