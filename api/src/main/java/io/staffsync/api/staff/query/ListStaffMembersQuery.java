package io.staffsync.api.staff.query;

import io.staffsync.api.staff.EmploymentType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A page of the staff directory. Every filter that is not null (or empty) must hold: {@code department},
 * {@code role} and {@code employmentType} match exactly, {@code skills} must all be held, and {@code text}
 * is found, ignoring case, in the first name, last name, full name or email. {@code sort} ends with the
 * staff id as tie-break (added when missing), so the order is total. Answered with a {@link StaffMemberPage}.
 * <p>
 * Two ways to page: by number ({@code page}, offset {@code page * size}), or by key: {@code after} holds the
 * sort key values of the last row already seen (one per sort order, strings, null for an empty value) and
 * the page starts right after it; {@code page} is then 0 and ignored.
 */
public record ListStaffMembersQuery(String department, Boolean active, int page, int size,
                                    String role, EmploymentType employmentType, List<String> skills, String text,
                                    List<StaffSortOrder> sort, List<String> after) {

    public static final int MAX_PAGE_SIZE = 500;

    public ListStaffMembersQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
        skills = skills == null ? List.of() : List.copyOf(skills);
        sort = withTieBreak(sort == null || sort.isEmpty() ? StaffSortOrder.DEFAULT : sort);
        if (after != null) {
            if (after.size() != sort.size()) {
                throw new IllegalArgumentException("after needs one value per sort order (" + sort.size() + ")");
            }
            // values may be null (an empty department, say), which List.copyOf does not allow
            after = Collections.unmodifiableList(new ArrayList<>(after));
        }
    }

    /** The query of the first releases: department and active filters, by page number, default order. */
    public ListStaffMembersQuery(String department, Boolean active, int page, int size) {
        this(department, active, page, size, null, null, List.of(), null, StaffSortOrder.DEFAULT, null);
    }

    private static List<StaffSortOrder> withTieBreak(List<StaffSortOrder> sort) {
        if (sort.stream().anyMatch(order -> order.field() == StaffSortField.STAFF_ID)) {
            return List.copyOf(sort);
        }
        List<StaffSortOrder> total = new ArrayList<>(sort);
        total.add(new StaffSortOrder(StaffSortField.STAFF_ID, false));
        return List.copyOf(total);
    }
}
