package io.staffsync.app.analytics;

import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Staff members for analyst tests, registered over HTTP by an editor; remembers the newest reply position. */
final class AnalystData {

    private final HttpTestClient editor;
    private long lastPosition;

    AnalystData(HttpTestClient editor) {
        this.editor = editor;
    }

    /** A unique name, so that a test filters down to its own staff in the shared database. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Registers a staff member; null values are left out. Returns the staff id. */
    String register(String firstName, String lastName, String department, String role, String employmentType,
                    Integer weeklyHours, List<String> skills) {
        String staffId = UUID.randomUUID().toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", firstName);
        fields.put("lastName", lastName);
        fields.put("email", firstName.toLowerCase() + "." + staffId.substring(0, 8) + "@example.com");
        put(fields, "department", department);
        put(fields, "role", role);
        put(fields, "employmentType", employmentType);
        put(fields, "weeklyHours", weeklyHours);
        put(fields, "skills", skills);
        Response created = editor.post("/api/staff", Map.of("staffId", staffId, "fields", fields));
        assertThat(created.status()).as("register %s", created.body()).isEqualTo(201);
        remember(created);
        return staffId;
    }

    /** Deactivates a staff member at the given version. */
    void deactivate(String staffId, long version) {
        Response done = editor.post("/api/staff/" + staffId + "/deactivate", Map.of("reason", "left"),
                "If-Match", "\"" + version + "\"");
        assertThat(done.status()).as("deactivate %s", done.body()).isEqualTo(200);
        remember(done);
    }

    /** The newest position a reply of this helper named. */
    long lastPosition() {
        return lastPosition;
    }

    private void remember(Response reply) {
        lastPosition = Math.max(lastPosition, reply.body().path("position").asLong());
    }

    private static void put(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
