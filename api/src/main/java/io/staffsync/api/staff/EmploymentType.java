package io.staffsync.api.staff;

/** How a staff member is employed. */
public enum EmploymentType {
    FULL_TIME,
    PART_TIME,
    CONTRACTOR
}
