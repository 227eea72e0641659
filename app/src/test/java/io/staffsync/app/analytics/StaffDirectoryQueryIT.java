package io.staffsync.app.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import static io.staffsync.app.analytics.AnalystData.encode;
import static io.staffsync.app.analytics.AnalystData.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/staff for analysts: filters, whitelisted sorting, page and cursor paging, strict parameters. */
@StaffSyncIntegrationTest
class StaffDirectoryQueryIT {

    /** The longest a read may wait for minPosition (the server's default of 5 s is short on a loaded machine). */
    private static final String WAIT = "&wait=PT30S";

    @LocalServerPort
    int port;

    private HttpTestClient analyst;
    private String department;
    private String analystRole;
    private String engineerRole;
    private String rareSkill;
    private List<Person> people;
    private long position;

    /** The test's own picture of a staff member, to compute expected answers. */
    private record Person(String id, String first, String last, String role, String type, Integer hours,
                          List<String> skills, boolean active) {
    }

    @BeforeEach
    void sevenStaffMembersInADepartmentOfTheirOwn() {
        analyst = new HttpTestClient(port, "analyst", "analyst");
        AnalystData data = new AnalystData(new HttpTestClient(port, "editor", "editor"));
        department = unique("Dept");
        analystRole = unique("Analyst");
        engineerRole = unique("Engineer");
        rareSkill = unique("skill");
        people = new ArrayList<>();
        add(data, "Ada", "Lovelace", analystRole, "FULL_TIME", 40, List.of("math", "poetry", rareSkill));
        add(data, "Grace", "Hopper", engineerRole, "FULL_TIME", 38, List.of("cobol", "compilers"));
        add(data, "Alan", "Turing", engineerRole, "PART_TIME", 20, List.of("crypto", "math", rareSkill));
        add(data, "Edsger", "Dijkstra", null, "CONTRACTOR", null, List.of("algorithms"));
        add(data, "Barbara", "Liskov", engineerRole, null, 38, List.of());
        add(data, "Ken", "Thompson", analystRole, "PART_TIME", null, List.of("math", "unix"));
        add(data, "Donald", "Knuth", null, null, 40, List.of("math"));
        Person ken = people.get(5);
        data.deactivate(ken.id(), 0);
        people.set(5, new Person(ken.id(), ken.first(), ken.last(), ken.role(), ken.type(), ken.hours(), ken.skills(),
                false));
        position = data.lastPosition();
    }

    @Test
    void filters_combine_and_match_exactly() {
        assertThat(ids("")).containsExactlyInAnyOrderElementsOf(expected(p -> true));
        assertThat(ids("&role=" + encode(engineerRole))).containsExactlyInAnyOrderElementsOf(
                expected(p -> engineerRole.equals(p.role())));
        // the role filter alone (without department) finds the same people: roles are unique to this test
        assertThat(staffIds(list("role=" + encode(engineerRole) + "&minPosition=" + position)))
                .containsExactlyInAnyOrderElementsOf(expected(p -> engineerRole.equals(p.role())));
        assertThat(ids("&employmentType=part_time")).containsExactlyInAnyOrderElementsOf(
                expected(p -> "PART_TIME".equals(p.type())));
        assertThat(ids("&active=false")).containsExactlyInAnyOrderElementsOf(expected(p -> !p.active()));
        assertThat(ids("&active=true&skill=math")).containsExactlyInAnyOrderElementsOf(
                expected(p -> p.active() && p.skills().contains("math")));
        assertThat(ids("&skill=math&skill=" + encode(rareSkill))).containsExactlyInAnyOrderElementsOf(
                expected(p -> p.skills().containsAll(List.of("math", rareSkill))));
        assertThat(staffIds(list("skill=" + encode(rareSkill) + "&minPosition=" + position)))
                .containsExactlyInAnyOrderElementsOf(expected(p -> p.skills().contains(rareSkill)));
        assertThat(ids("&role=" + encode(engineerRole) + "&employmentType=FULL_TIME&skill=cobol"))
                .containsExactlyInAnyOrderElementsOf(expected(p -> p.last().equals("Hopper")));
    }

    @Test
    void free_text_finds_first_name_last_name_full_name_and_email_ignoring_case() {
        assertThat(ids("&q=lOVE")).containsExactlyInAnyOrderElementsOf(expected(p -> p.last().equals("Lovelace")));
        assertThat(ids("&q=" + encode("ada lovelace"))).containsExactlyInAnyOrderElementsOf(
                expected(p -> p.last().equals("Lovelace")));
        assertThat(ids("&q=al")).containsExactlyInAnyOrderElementsOf(expected(p ->
                (p.first() + " " + p.last()).toLowerCase().contains("al")));
        Person grace = people.get(1);
        String emailPart = "grace." + grace.id().substring(0, 8);
        assertThat(staffIds(list("q=" + encode(emailPart) + "&minPosition=" + position)))
                .containsExactly(grace.id());
        // LIKE wildcards are taken literally
        assertThat(ids("&q=%25")).isEmpty();
        assertThat(ids("&q=_")).isEmpty();
    }

    @Test
    void sorting_follows_the_whitelisted_fields_with_empty_values_last_and_the_id_as_tie_break() {
        assertThat(ids("")).containsExactlyElementsOf(sorted(
                Comparator.comparing(Person::last).thenComparing(Person::first).thenComparing(Person::id)));
        assertThat(ids("&sort=-weeklyHours")).containsExactlyElementsOf(sorted(
                nullsLast(Person::hours, true).thenComparing(Person::id)));
        assertThat(ids("&sort=employmentType,-weeklyHours")).containsExactlyElementsOf(sorted(
                nullsLast(Person::type, false).thenComparing(nullsLast(Person::hours, true))
                        .thenComparing(Person::id)));
        assertThat(ids("&sort=-staffId")).containsExactlyElementsOf(sorted(
                Comparator.comparing(Person::id).reversed()));
    }

    @Test
    void a_cursor_walks_every_row_exactly_once_in_any_order() {
        for (String sort : List.of("-weeklyHours", "role", "-role,firstName", "employmentType,-registeredAt",
                "department", "-updatedAt,lastName", "weeklyHours,-employmentType")) {
            List<String> all = ids("&sort=" + sort);
            List<String> walked = new ArrayList<>();
            Set<Long> totals = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = list("department=" + encode(department) + "&size=2"
                        + (cursor == null ? "&sort=" + sort : "&cursor=" + cursor));
                walked.addAll(staffIds(page));
                totals.add(page.path("totalItems").asLong());
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
                assertThat(page.path("page").asInt()).isEqualTo(pages == 0 ? 0 : -1);
                pages++;
            } while (cursor != null);
            assertThat(walked).as("sort=%s", sort).containsExactlyElementsOf(all);
            assertThat(pages).isEqualTo(4);
            assertThat(totals).containsExactly(7L);
        }
    }

    @Test
    void pages_by_number_keep_the_old_shape_and_offer_a_cursor() {
        List<String> all = ids("");
        JsonNode second = list("department=" + encode(department) + "&page=1&size=3");
        assertThat(staffIds(second)).containsExactlyElementsOf(all.subList(3, 6));
        assertThat(second.path("page").asInt()).isEqualTo(1);
        assertThat(second.path("size").asInt()).isEqualTo(3);
        assertThat(second.path("totalItems").asLong()).isEqualTo(7);
        JsonNode rest = list("department=" + encode(department) + "&size=3&cursor=" + second.path("nextCursor").asText());
        assertThat(staffIds(rest)).containsExactlyElementsOf(all.subList(6, 7));
        assertThat(rest.path("nextCursor").isNull()).isTrue();
        assertThat(list("department=" + encode(department) + "&page=2&size=3").path("nextCursor").isNull()).isTrue();
    }

    @Test
    void an_unusable_parameter_is_a_400_problem_that_names_it() {
        String cursor = list("department=" + encode(department) + "&size=2&sort=role&minPosition=" + position)
                .path("nextCursor").asText();
        assertInvalid("sort=salary", "sort");
        assertInvalid("sort=lastName,lastName", "sort");
        assertInvalid("sort=", "sort");
        assertInvalid("employmentType=intern", "employmentType");
        assertInvalid("active=maybe", "active");
        assertInvalid("size=0", "size");
        assertInvalid("size=501", "size");
        assertInvalid("page=-1", "page");
        assertInvalid("page=x", "page");
        assertInvalid("q=%20", "q");
        assertInvalid("departmnt=x", "departmnt");
        assertInvalid("size=5&size=6", "size");
        assertInvalid("cursor=not-a-cursor", "cursor");
        assertInvalid("cursor=" + cursor + "&page=1", "page");
        assertInvalid("cursor=" + cursor + "&sort=lastName", "cursor");
        assertInvalid("minPosition=soon", "minPosition");
        assertInvalid("minPosition=-3", "minPosition");
        assertInvalid("minPosition=1&wait=PT31S", "wait");
        assertInvalid("minPosition=1&wait=a%20while", "wait");
        assertInvalid("minPosition=" + Long.MAX_VALUE, "minPosition");
        // the cursor's own sort may be repeated
        assertThat(analyst.get("/api/staff?department=" + encode(department) + "&sort=role&cursor=" + cursor).status())
                .isEqualTo(200);
    }

    private void assertInvalid(String query, String parameter) {
        Response response = analyst.get("/api/staff?" + query);
        assertThat(response.status()).as("%s: %s", query, response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().path("code").asText()).isEqualTo("INVALID");
        assertThat(response.body().path("field").asText()).as(query).isEqualTo(parameter);
    }

    private void add(AnalystData data, String first, String last, String role, String type, Integer hours,
                     List<String> skills) {
        String id = data.register(first, last, department, role, type, hours, skills);
        people.add(new Person(id, first, last, role, type, hours, skills, true));
    }

    /** The ids of this test's department under the extra query, all in one page. */
    private List<String> ids(String extra) {
        return staffIds(list("department=" + encode(department) + "&size=500&minPosition=" + position + extra));
    }

    /** A page of the directory; a query with minPosition may wait the longest time allowed for it. */
    private JsonNode list(String query) {
        Response response = analyst.get("/api/staff?" + query + (query.contains("minPosition=") ? WAIT : ""));
        assertThat(response.status()).as("%s: %s", query, response.body()).isEqualTo(200);
        assertThat(Long.parseLong(response.header("StaffSync-Position"))).isGreaterThanOrEqualTo(position);
        return response.body();
    }

    private static List<String> staffIds(JsonNode page) {
        return StreamSupport.stream(page.path("items").spliterator(), false)
                .map(item -> item.path("staffId").asText()).toList();
    }

    private List<String> expected(java.util.function.Predicate<Person> filter) {
        return people.stream().filter(filter).map(Person::id).toList();
    }

    private List<String> sorted(Comparator<Person> order) {
        return people.stream().sorted(order).map(Person::id).toList();
    }

    /** Empty values last whatever the direction, as the directory sorts. */
    private static <T extends Comparable<T>> Comparator<Person> nullsLast(Function<Person, T> key, boolean descending) {
        Comparator<T> values = descending ? Comparator.<T>reverseOrder() : Comparator.<T>naturalOrder();
        return Comparator.comparing(key, Comparator.nullsLast(values));
    }
}
