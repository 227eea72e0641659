package io.staffsync.api.staff.conflict;

/** What a person chose for one contested field of a pending conflict. */
public enum ChoiceKind {
    /** The value the stale update asked for. */
    MINE,
    /** The current value. */
    THEIRS,
    /** A value of the person's own, given in {@link FieldChoice#value()}. */
    VALUE
}
