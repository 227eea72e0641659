package io.staffsync.api.staff.query;

import java.util.List;
import java.util.Objects;

/** One sort key of a directory listing. Empty values sort after all others, in either direction. */
public record StaffSortOrder(StaffSortField field, boolean descending) {

    /** The directory's order when a query names none: last name, first name, id. */
    public static final List<StaffSortOrder> DEFAULT = List.of(
            new StaffSortOrder(StaffSortField.LAST_NAME, false),
            new StaffSortOrder(StaffSortField.FIRST_NAME, false),
            new StaffSortOrder(StaffSortField.STAFF_ID, false));

    public StaffSortOrder {
        Objects.requireNonNull(field, "field");
    }

    /** {@code lastName} or {@code -weeklyHours}: the form of the {@code sort} query parameter. */
    @Override
    public String toString() {
        return (descending ? "-" : "") + field.wireName();
    }
}
