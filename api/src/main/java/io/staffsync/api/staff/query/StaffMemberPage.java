package io.staffsync.api.staff.query;

import java.util.List;

/** One page of staff members and the total number matching the query. */
public record StaffMemberPage(List<StaffMemberView> items, int page, int size, long totalItems) {
}
