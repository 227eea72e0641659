package io.staffsync.app.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.query.directory.StaffDirectoryProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.staffsync.app.analytics.AnalystData.encode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Freshness: every query answer names the position its read model reflects, and a client that holds the
 * position of its own command reply can ask to see at least that much.
 */
@StaffSyncIntegrationTest
class ReadYourWritesIT {

    private static final String POSITION = "StaffSync-Position";

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void a_read_with_the_replys_position_sees_the_write_every_time() {
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        AnalystData data = new AnalystData(editor);
        String staffId = data.register("Ada", "Lovelace", AnalystData.unique("Dept"), null, null, null, List.of());
        for (int version = 1; version <= 30; version++) {
            assertReadsOwnWrite(editor, staffId, version);
        }
    }

    @Test
    void concurrent_writers_each_read_their_own_writes() throws Exception {
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
                    String staffId = new AnalystData(editor).register("Grace", "Hopper", AnalystData.unique("Dept"),
                            null, null, null, List.of());
                    for (int version = 1; version <= 12; version++) {
                        assertReadsOwnWrite(editor, staffId, version);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_raised_conflict_is_listed_when_read_with_its_position() {
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        String staffId = new AnalystData(editor).register("Alan", "Turing", AnalystData.unique("Dept"), null, null,
                null, List.of());
        assertThat(editor.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "Lead")),
                "If-Match", "\"0\"").status()).isEqualTo(200);
        Response raised = editor.patch("/api/staff/" + staffId,
                Map.of("changes", Map.of("role", "Architect"), "strategy", "USER_CHOICE"), "If-Match", "\"0\"");
        assertThat(raised.status()).isEqualTo(202);
        long position = raised.body().path("position").asLong();

        Response conflicts = new HttpTestClient(port, "viewer", "viewer")
                .get("/api/conflicts?staffId=" + staffId + "&minPosition=" + position + "&wait=PT30S");
        assertThat(conflicts.status()).isEqualTo(200);
        assertThat(Long.parseLong(conflicts.header(POSITION))).isGreaterThanOrEqualTo(position);
        assertThat(conflicts.body()).hasSize(1);
        assertThat(conflicts.body().get(0).path("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void a_projection_that_does_not_reach_the_position_in_time_is_a_503_and_a_waiting_read_is_released()
            throws Exception {
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        HttpTestClient viewer = new HttpTestClient(port, "viewer", "viewer");
        EventProcessor directory = processing.eventProcessor(StaffDirectoryProjection.PROCESSING_GROUP)
                .orElseThrow();
        directory.shutDown();
        try {
            AnalystData data = new AnalystData(editor);
            String staffId = data.register("Edsger", "Dijkstra", AnalystData.unique("Dept"), null, null, null,
                    List.of());
            long position = data.lastPosition();

            Response behind = viewer.get("/api/staff/" + staffId + "?minPosition=" + position + "&wait=PT0.3S");
            assertThat(behind.status()).isEqualTo(503);
            assertThat(behind.header("Content-Type")).startsWith("application/problem+json");
            assertThat(behind.header("Retry-After")).isEqualTo("1");
            assertThat(behind.body().path("code").asText()).isEqualTo("PROJECTION_BEHIND");
            assertThat(behind.body().path("minPosition").asLong()).isEqualTo(position);
            assertThat(behind.body().path("detail").asText()).contains("not yet at position " + position);
            assertThat(Long.parseLong(behind.header(POSITION))).isLessThan(position);
            // without minPosition the answer comes at once, and says how old it is
            Response stale = viewer.get("/api/staff/" + staffId);
            assertThat(stale.status()).isEqualTo(404);
            assertThat(Long.parseLong(stale.header(POSITION))).isLessThan(position);

            CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> viewer.get(
                    "/api/staff?q=" + encode("edsger." + staffId.substring(0, 8)) + "&minPosition=" + position
                            + "&wait=PT30S"));
            directory.start();
            Response released = waiting.get(60, TimeUnit.SECONDS);
            assertThat(released.status()).isEqualTo(200);
            assertThat(released.body().path("items").findValuesAsText("staffId")).containsExactly(staffId);
            assertThat(Long.parseLong(released.header(POSITION))).isGreaterThanOrEqualTo(position);
        } finally {
            if (!directory.isRunning()) {
                directory.start();
            }
        }
    }

    private static void assertReadsOwnWrite(HttpTestClient editor, String staffId, int version) {
        String role = "role-" + version;
        Response reply = editor.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", role)),
                "If-Match", "\"" + (version - 1) + "\"");
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
        long position = reply.body().path("position").asLong();

        Response read = editor.get("/api/staff/" + staffId + "?minPosition=" + position + "&wait=PT30S");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().path("role").asText()).isEqualTo(role);
        assertThat(read.header("ETag")).isEqualTo("\"" + version + "\"");
        assertThat(Long.parseLong(read.header(POSITION))).isGreaterThanOrEqualTo(position);

        Response listed = editor.get("/api/staff?role=" + role + "&q=" + encode(staffId.substring(0, 8))
                + "&minPosition=" + position + "&wait=PT30S");
        assertThat(listed.status()).isEqualTo(200);
        JsonNode items = listed.body().path("items");
        assertThat(items.findValuesAsText("staffId")).containsExactly(staffId);
    }
}
