package io.staffsync.app.staff;

import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/** An email belongs to at most one active staff member, whatever the interleaving of commands. */
@StaffSyncIntegrationTest
class EmailUniquenessIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void of_concurrent_registrations_with_one_email_exactly_one_succeeds() throws Exception {
        String email = "Race." + UUID.randomUUID() + "@Example.com";
        int racers = 10;
        HttpTestClient http = new HttpTestClient(port, "editor", "editor");
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<String> staffIds = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpTestClient.Response>> responses = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String staffId = UUID.randomUUID().toString();
                staffIds.add(staffId);
                Map<String, Object> fields = new HashMap<>(registration(staffId));
                // differently cased spellings of one address
                fields.put("email", i % 2 == 0 ? email : email.toLowerCase());
                responses.add(pool.submit(() -> {
                    start.await();
                    return http.post("/api/staff", Map.of("staffId", staffId, "fields", fields));
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpTestClient.Response> response : responses) {
                HttpTestClient.Response r = response.get();
                statuses.add(r.status());
                if (r.status() == 409) {
                    assertThat(r.body().path("code").asText()).isEqualTo("EMAIL_TAKEN");
                    assertThat(r.body().path("field").asText()).isEqualTo("email");
                }
            }
            assertThat(statuses).containsOnlyOnce(201);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(racers - 1);
        } finally {
            pool.shutdownNow();
        }
        long stored = staffIds.stream().mapToLong(id -> EventLog.of(jdbc, id).size()).sum();
        assertThat(stored).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM staff_email WHERE lower(email) = lower(?) AND active",
                Long.class, email)).isEqualTo(1);
    }

    @Test
    void deactivating_frees_the_email_and_reactivating_needs_it_free_again() {
        HttpTestClient http = new HttpTestClient(port, "editor", "editor");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        Map<String, Object> fields = registration(first);
        assertThat(http.post("/api/staff", Map.of("staffId", first, "fields", fields)).status()).isEqualTo(201);
        assertThat(http.post("/api/staff", Map.of("staffId", second, "fields", fields)).status()).isEqualTo(409);

        assertThat(http.post("/api/staff/" + first + "/deactivate", Map.of(), "If-Match", "\"0\"").status())
                .isEqualTo(200);
        assertThat(http.post("/api/staff", Map.of("staffId", second, "fields", fields)).status()).isEqualTo(201);

        HttpTestClient.Response reactivate = http.post("/api/staff/" + first + "/reactivate", Map.of(),
                "If-Match", "\"1\"");
        assertThat(reactivate.status()).isEqualTo(409);
        assertThat(reactivate.body().path("code").asText()).isEqualTo("EMAIL_TAKEN");
        assertThat(EventLog.of(jdbc, first)).hasSize(2);

        // an update that moves the second person to another address frees the first one's
        assertThat(http.patch("/api/staff/" + second, Map.of("changes", Map.of("email", "moved." + second + "@example.com")),
                "If-Match", "\"0\"").status()).isEqualTo(200);
        assertThat(http.post("/api/staff/" + first + "/reactivate", Map.of(), "If-Match", "\"1\"").status())
                .isEqualTo(200);
    }
}
