package io.staffsync.api.staff.query;

import java.util.Arrays;
import java.util.Optional;

/** The fields the staff directory may be sorted by, under their wire names. */
public enum StaffSortField {
    STAFF_ID("staffId"),
    LAST_NAME("lastName"),
    FIRST_NAME("firstName"),
    EMAIL("email"),
    DEPARTMENT("department"),
    ROLE("role"),
    EMPLOYMENT_TYPE("employmentType"),
    WEEKLY_HOURS("weeklyHours"),
    REGISTERED_AT("registeredAt"),
    UPDATED_AT("updatedAt");

    private final String wireName;

    StaffSortField(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<StaffSortField> ofWireName(String name) {
        return Arrays.stream(values()).filter(field -> field.wireName.equals(name)).findFirst();
    }
}
