package io.staffsync.api.staff.wire;

/** The body of {@code SEND /app/presence.editing}: this connection starts or stops editing a staff member. */
public record EditingNotice(String staffId, boolean editing) {
}
