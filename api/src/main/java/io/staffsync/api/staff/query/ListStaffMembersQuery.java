package io.staffsync.api.staff.query;

/**
 * A page of the staff directory, ordered by last name, first name, id. {@code department} and
 * {@code active} filter when not null. Answered with a {@link StaffMemberPage}.
 */
public record ListStaffMembersQuery(String department, Boolean active, int page, int size) {

    public static final int MAX_PAGE_SIZE = 500;

    public ListStaffMembersQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
