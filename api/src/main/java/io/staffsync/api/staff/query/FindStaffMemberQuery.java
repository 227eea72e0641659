package io.staffsync.api.staff.query;

/** One staff member by id; answered with an optional {@link StaffMemberView}. */
public record FindStaffMemberQuery(String staffId) {
}
