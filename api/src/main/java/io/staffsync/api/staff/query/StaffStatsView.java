package io.staffsync.api.staff.query;

import java.util.List;

/**
 * Headcount and weekly hours of the staff directory (active staff only unless {@code includeInactive}):
 * in total, and grouped by department, by role and by employment type. In each grouping, staff members
 * without a value are one group with key {@code null}.
 */
public record StaffStatsView(boolean includeInactive, StaffStatsGroup total, List<StaffStatsGroup> byDepartment,
                             List<StaffStatsGroup> byRole, List<StaffStatsGroup> byEmploymentType) {

    /**
     * One group: how many staff members, the sum of their weekly hours, how many of them have weekly hours
     * at all, and the average over those (null when none has).
     */
    public record StaffStatsGroup(String key, long headcount, long weeklyHoursSum, long weeklyHoursReported,
                                  Double weeklyHoursAverage) {
    }
}
