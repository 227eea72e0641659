package io.staffsync.api.staff;

/** One field of a staff member that changed, with the value before and after (either may be null). */
public record FieldChange(StaffField field, Object oldValue, Object newValue) {
}
