package io.staffsync.app.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/staff/stats: headcount and weekly hours per department, role and employment type. */
@StaffSyncIntegrationTest
class StaffStatsIT {

    @LocalServerPort
    int port;

    @Test
    void headcount_and_hours_per_group_count_active_staff_unless_asked_otherwise() {
        HttpTestClient analyst = new HttpTestClient(port, "analyst", "analyst");
        AnalystData data = new AnalystData(new HttpTestClient(port, "editor", "editor"));
        String research = AnalystData.unique("Research");
        String sales = AnalystData.unique("Sales");
        String lead = AnalystData.unique("Lead");
        data.register("Ada", "Lovelace", research, lead, "FULL_TIME", 40, List.of());
        data.register("Alan", "Turing", research, lead, "PART_TIME", 21, List.of());
        data.register("Edsger", "Dijkstra", research, null, "CONTRACTOR", null, List.of());
        String leaver = data.register("Grace", "Hopper", research, lead, "FULL_TIME", 30, List.of());
        data.register("Ken", "Thompson", sales, null, null, 12, List.of());
        data.deactivate(leaver, 0);

        JsonNode active = stats(analyst, "minPosition=" + data.lastPosition());
        assertThat(active.path("includeInactive").asBoolean()).isFalse();
        assertGroup(group(active, "byDepartment", research), 3, 61, 2, 30.5);
        assertGroup(group(active, "byDepartment", sales), 1, 12, 1, 12.0);
        assertGroup(group(active, "byRole", lead), 2, 61, 2, 30.5);

        JsonNode all = stats(analyst, "includeInactive=true&minPosition=" + data.lastPosition());
        assertThat(all.path("includeInactive").asBoolean()).isTrue();
        assertGroup(group(all, "byDepartment", research), 4, 91, 3, 30.33);
        assertGroup(group(all, "byRole", lead), 3, 91, 3, 30.33);
        assertThat(all.path("total").path("headcount").asLong())
                .isGreaterThanOrEqualTo(active.path("total").path("headcount").asLong() + 1);

        for (JsonNode stats : List.of(active, all)) {
            // each grouping splits the same total: the groups (the empty value's included) add up to it
            for (String grouping : List.of("byDepartment", "byRole", "byEmploymentType")) {
                assertThat(sum(stats, grouping, "headcount")).as(grouping)
                        .isEqualTo(stats.path("total").path("headcount").asLong());
                assertThat(sum(stats, grouping, "weeklyHoursSum")).as(grouping)
                        .isEqualTo(stats.path("total").path("weeklyHoursSum").asLong());
            }
            assertThat(keys(stats, "byEmploymentType")).isSubsetOf("FULL_TIME", "PART_TIME", "CONTRACTOR", null);
        }
    }

    @Test
    void unusable_parameters_are_400_problems_naming_them() {
        HttpTestClient analyst = new HttpTestClient(port, "analyst", "analyst");
        for (String[] bad : List.of(new String[] {"includeInactive=maybe", "includeInactive"},
                new String[] {"department=x", "department"}, new String[] {"minPosition=x", "minPosition"})) {
            Response response = analyst.get("/api/staff/stats?" + bad[0]);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("field").asText()).isEqualTo(bad[1]);
        }
    }

    private static JsonNode stats(HttpTestClient analyst, String query) {
        Response response = analyst.get("/api/staff/stats?" + query + "&wait=PT30S");
        assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
        assertThat(response.header("StaffSync-Position")).isNotNull();
        return response.body();
    }

    private static JsonNode group(JsonNode stats, String grouping, String key) {
        return StreamSupport.stream(stats.path(grouping).spliterator(), false)
                .filter(group -> key.equals(group.path("key").asText(null)))
                .findFirst().orElseThrow(() -> new AssertionError("no group " + key + " in " + grouping));
    }

    private static void assertGroup(JsonNode group, long headcount, long hoursSum, long reported, double average) {
        assertThat(group.path("headcount").asLong()).isEqualTo(headcount);
        assertThat(group.path("weeklyHoursSum").asLong()).isEqualTo(hoursSum);
        assertThat(group.path("weeklyHoursReported").asLong()).isEqualTo(reported);
        assertThat(group.path("weeklyHoursAverage").asDouble()).isEqualTo(average);
    }

    private static long sum(JsonNode stats, String grouping, String member) {
        return StreamSupport.stream(stats.path(grouping).spliterator(), false)
                .mapToLong(group -> group.path(member).asLong()).sum();
    }

    private static List<String> keys(JsonNode stats, String grouping) {
        return StreamSupport.stream(stats.path(grouping).spliterator(), false)
                .map(group -> group.path("key").isNull() ? null : group.path("key").asText()).toList();
    }
}
