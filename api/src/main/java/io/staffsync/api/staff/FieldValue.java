package io.staffsync.api.staff;

/** A field and a value for it (as stored: read it back with {@link StaffField#read(Object)}). */
public record FieldValue(StaffField field, Object value) {
}
