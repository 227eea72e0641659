package io.staffsync.api.staff.query;

/** Headcount and weekly hours of the directory, by department, role and employment type; answered with {@link StaffStatsView}. */
public record StaffStatsQuery(boolean includeInactive) {
}
