package io.staffsync.app.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static io.staffsync.app.analytics.AnalystData.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reporting schema as a BI tool sees it: a login that holds only staffsync_reporting reads the views with
 * plain JDBC, gets what the HTTP API says, and can write nothing.
 */
@StaffSyncIntegrationTest
class ReportingViewsIT {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    private String biLogin;

    @BeforeEach
    void aBiLoginThatHoldsTheReportingRole() {
        biLogin = "bi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jdbc.execute("CREATE ROLE " + biLogin + " LOGIN PASSWORD 'bi'");
        jdbc.execute("GRANT staffsync_reporting TO " + biLogin);
    }

    @Test
    void the_views_show_what_the_http_api_shows() throws SQLException {
        HttpTestClient analyst = new HttpTestClient(port, "analyst", "analyst");
        AnalystData data = new AnalystData(new HttpTestClient(port, "editor", "editor"));
        String department = AnalystData.unique("Dept");
        String role = AnalystData.unique("Role");
        data.register("Ada", "Lovelace", department, role, "FULL_TIME", 40, List.of("poetry", "math"));
        data.register("Alan", "Turing", department, null, "PART_TIME", 21, List.of("crypto"));
        String leaver = data.register("Grace", "Hopper", department, "Engineer", null, null, List.of());
        data.deactivate(leaver, 0);

        Response listed = analyst.get("/api/staff?size=500&department=" + encode(department)
                + "&minPosition=" + data.lastPosition() + "&wait=PT30S");
        assertThat(listed.status()).isEqualTo(200);
        List<JsonNode> api = StreamSupport.stream(listed.body().path("items").spliterator(), false).toList();
        assertThat(api).hasSize(3);

        try (Connection bi = biConnection()) {
            Map<String, Map<String, Object>> rows = new HashMap<>();
            for (Map<String, Object> row : rows(bi, "SELECT * FROM reporting.staff_member WHERE department = ?",
                    department)) {
                rows.put((String) row.get("staff_id"), row);
            }
            assertThat(rows).hasSize(3);
            for (JsonNode member : api) {
                Map<String, Object> row = rows.get(member.path("staffId").asText());
                assertThat(row.get("active")).isEqualTo(member.path("active").asBoolean());
                assertThat(row.get("first_name")).isEqualTo(member.path("firstName").asText());
                assertThat(row.get("last_name")).isEqualTo(member.path("lastName").asText());
                assertThat(row.get("full_name")).isEqualTo(member.path("firstName").asText() + " "
                        + member.path("lastName").asText());
                assertThat(row.get("email")).isEqualTo(member.path("email").asText());
                assertThat(row.get("role")).isEqualTo(member.path("role").asText(null));
                assertThat(row.get("employment_type")).isEqualTo(member.path("employmentType").asText(null));
                assertThat(row.get("weekly_hours")).isEqualTo(member.path("weeklyHours").isNull() ? null
                        : member.path("weeklyHours").asInt());
                assertThat(((Number) row.get("version")).longValue()).isEqualTo(member.path("version").asLong());
                List<String> skills = new ArrayList<>();
                member.path("skills").forEach(skill -> skills.add(skill.asText()));
                assertThat(row.get("skills")).isEqualTo(String.join(", ", skills));
                assertThat(row.get("skill_count")).isEqualTo(skills.size());

                List<Object> skillRows = rows(bi, "SELECT skill FROM reporting.staff_skill WHERE staff_id = ? "
                        + "ORDER BY skill", member.path("staffId").asText()).stream().map(r -> r.get("skill")).toList();
                assertThat(skillRows).containsExactlyInAnyOrderElementsOf(skills);
            }

            Response stats = analyst.get("/api/staff/stats?minPosition=" + data.lastPosition() + "&wait=PT30S");
            assertThat(stats.status()).as("%s", stats.body()).isEqualTo(200);
            JsonNode group = StreamSupport.stream(stats.body().path("byDepartment").spliterator(), false)
                    .filter(g -> department.equals(g.path("key").asText())).findFirst().orElseThrow();
            Map<String, Object> headcount = rows(bi,
                    "SELECT * FROM reporting.headcount_by_department WHERE department = ?", department).get(0);
            assertThat(((Number) headcount.get("headcount")).longValue()).isEqualTo(2).isEqualTo(
                    group.path("headcount").asLong());
            assertThat(((Number) headcount.get("weekly_hours_sum")).longValue()).isEqualTo(61)
                    .isEqualTo(group.path("weeklyHoursSum").asLong());
            assertThat(((Number) headcount.get("weekly_hours_reported")).longValue())
                    .isEqualTo(group.path("weeklyHoursReported").asLong());
            assertThat((BigDecimal) headcount.get("weekly_hours_average"))
                    .isEqualByComparingTo(BigDecimal.valueOf(group.path("weeklyHoursAverage").asDouble()));
            JsonNode roleGroup = StreamSupport.stream(stats.body().path("byRole").spliterator(), false)
                    .filter(g -> role.equals(g.path("key").asText())).findFirst().orElseThrow();
            Map<String, Object> byRole = rows(bi, "SELECT * FROM reporting.headcount_by_role WHERE role = ?", role)
                    .get(0);
            assertThat(((Number) byRole.get("headcount")).longValue()).isEqualTo(1)
                    .isEqualTo(roleGroup.path("headcount").asLong());
            assertThat(((Number) byRole.get("weekly_hours_sum")).longValue()).isEqualTo(40)
                    .isEqualTo(roleGroup.path("weeklyHoursSum").asLong());
            // employment types are shared by every test's staff: the view and the API must agree on all of them
            Map<String, Long> apiByType = new HashMap<>();
            stats.body().path("byEmploymentType").forEach(g -> apiByType.put(g.path("key").asText(null),
                    g.path("headcount").asLong()));
            Map<String, Long> viewByType = new HashMap<>();
            rows(bi, "SELECT * FROM reporting.headcount_by_employment_type", new Object[0]).forEach(row ->
                    viewByType.put((String) row.get("employment_type"), ((Number) row.get("headcount")).longValue()));
            assertThat(viewByType).isEqualTo(apiByType).containsKeys("FULL_TIME", "PART_TIME");
        }
    }

    @Test
    void the_reporting_role_reads_the_views_and_writes_nothing() throws SQLException {
        assertThat(jdbc.queryForObject("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'staffsync_reporting'",
                Boolean.class)).isFalse();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("SET ROLE staffsync_reporting");
            try {
                assertThat(count(sql, "SELECT count(*) FROM reporting.staff_member")).isNotNegative();
                // plain columns, so that PostgreSQL would pass such writes through the view if it were allowed to
                assertDenied(sql, "INSERT INTO reporting.staff_member (active, notes, version) VALUES (true, 'x', 0)");
                assertDenied(sql, "UPDATE reporting.staff_member SET notes = 'x'");
                assertDenied(sql, "DELETE FROM reporting.staff_member");
                assertDenied(sql, "UPDATE public.staff_directory SET first_name = 'x'");
                assertDenied(sql, "SELECT count(*) FROM public.staff_directory");
                assertDenied(sql, "SELECT count(*) FROM public.domain_event_entry");
                assertDenied(sql, "DELETE FROM public.domain_event_entry");
                assertDenied(sql, "CREATE TABLE reporting.scratch (id int)");
                assertDenied(sql, "CREATE TABLE public.scratch (id int)");
                assertDenied(sql, "CREATE VIEW reporting.scratch AS SELECT 1");
            } finally {
                sql.execute("RESET ROLE");
            }
        }
        // and a BI login that was granted the role, over its own connection
        try (Connection bi = biConnection(); Statement sql = bi.createStatement()) {
            assertThat(count(sql, "SELECT count(*) FROM reporting.staff_skill")).isNotNegative();
            assertDenied(sql, "UPDATE reporting.staff_member SET weekly_hours = 1");
            assertDenied(sql, "SELECT count(*) FROM public.token_entry");
        }
    }

    private Connection biConnection() throws SQLException {
        String url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
        // the application's URL names its own user in the query string, which would win over ours
        int query = url.indexOf('?');
        Connection connection = DriverManager.getConnection(query < 0 ? url : url.substring(0, query), biLogin, "bi");
        try (Statement sql = connection.createStatement();
             ResultSet who = sql.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            who.next();
            assertThat(who.getString(1)).isEqualTo(biLogin);
            assertThat(who.getBoolean(2)).isFalse();
        }
        return connection;
    }

    private static void assertDenied(Statement sql, String statement) {
        assertThatThrownBy(() -> sql.execute(statement)).as(statement)
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<Map<String, Object>> rows(Connection connection, String query, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
