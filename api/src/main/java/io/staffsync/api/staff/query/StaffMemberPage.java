package io.staffsync.api.staff.query;

import java.util.List;

/**
 * One page of staff members and the total number matching the query's filters. {@code page} is the page
 * number, or -1 for a page fetched by cursor. {@code nextCursor} continues right after the last item (in
 * the same order and with the same filters), and is null on the last page.
 */
public record StaffMemberPage(List<StaffMemberView> items, int page, int size, long totalItems, String nextCursor) {

    public StaffMemberPage(List<StaffMemberView> items, int page, int size, long totalItems) {
        this(items, page, size, totalItems, null);
    }
}
