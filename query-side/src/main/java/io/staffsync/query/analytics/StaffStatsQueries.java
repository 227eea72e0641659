package io.staffsync.query.analytics;

import io.staffsync.api.staff.query.StaffStatsQuery;
import io.staffsync.api.staff.query.StaffStatsView;
import io.staffsync.api.staff.query.StaffStatsView.StaffStatsGroup;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Answers {@link StaffStatsQuery} with one grouping-sets query over the staff directory. */
@Component
class StaffStatsQueries {

    // GROUPING(x) is 1 in the rows that aggregate over x; the empty grouping set is the total
    private static final String STATS = """
            SELECT GROUPING(department) AS all_departments, GROUPING(role) AS all_roles,
                   GROUPING(employment_type) AS all_types, department, role, employment_type,
                   count(*) AS headcount, coalesce(sum(weekly_hours), 0) AS hours_sum,
                   count(weekly_hours) AS hours_reported, round(avg(weekly_hours), 2) AS hours_average
              FROM staff_directory
             WHERE active OR ?
             GROUP BY GROUPING SETS ((), (department), (role), (employment_type))
             ORDER BY department NULLS LAST, role NULLS LAST, employment_type NULLS LAST
            """;

    private final JdbcTemplate jdbc;

    StaffStatsQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    @Transactional(readOnly = true)
    public StaffStatsView handle(StaffStatsQuery query) {
        List<StaffStatsGroup> departments = new ArrayList<>();
        List<StaffStatsGroup> roles = new ArrayList<>();
        List<StaffStatsGroup> types = new ArrayList<>();
        StaffStatsGroup[] total = {new StaffStatsGroup(null, 0, 0, 0, null)};
        jdbc.query(STATS, row -> {
            boolean byDepartment = row.getInt("all_departments") == 0;
            boolean byRole = row.getInt("all_roles") == 0;
            boolean byType = row.getInt("all_types") == 0;
            String key = byDepartment ? row.getString("department")
                    : byRole ? row.getString("role")
                    : byType ? row.getString("employment_type") : null;
            BigDecimal average = row.getBigDecimal("hours_average");
            StaffStatsGroup group = new StaffStatsGroup(key, row.getLong("headcount"), row.getLong("hours_sum"),
                    row.getLong("hours_reported"), average == null ? null : average.doubleValue());
            if (byDepartment) {
                departments.add(group);
            } else if (byRole) {
                roles.add(group);
            } else if (byType) {
                types.add(group);
            } else {
                total[0] = group;
            }
        }, query.includeInactive());
        return new StaffStatsView(query.includeInactive(), total[0], departments, roles, types);
    }
}
