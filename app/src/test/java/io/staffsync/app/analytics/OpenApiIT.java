package io.staffsync.app.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI description (springdoc) documents the query endpoints and their parameters. */
@StaffSyncIntegrationTest
class OpenApiIT {

    @LocalServerPort
    int port;

    @Test
    void the_api_document_describes_the_query_endpoints_with_their_parameters() {
        // /v3/api-docs/** is meant to be public; with a login the test holds before and after that rule
        Response docs = new HttpTestClient(port, "analyst", "analyst").get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.body().path("paths");
        assertThat(docs.body().path("info").path("title").asText()).isEqualTo("StaffSync HTTP API");

        assertThat(parameters(paths.path("/api/staff").path("get"))).contains("department", "role",
                "employmentType", "active", "skill", "q", "sort", "cursor", "page", "size", "minPosition", "wait");
        assertThat(parameters(paths.path("/api/staff/{staffId}").path("get")))
                .contains("staffId", "minPosition", "wait");
        assertThat(parameters(paths.path("/api/staff/stats").path("get")))
                .contains("includeInactive", "minPosition", "wait");
        assertThat(parameters(paths.path("/api/conflicts").path("get")))
                .contains("status", "staffId", "limit", "minPosition", "wait");
        assertThat(paths.path("/api/staff/stats").path("get").path("responses").path("200").path("headers")
                .has("StaffSync-Position")).isTrue();
        assertThat(docs.body().path("components").path("schemas").has("StaffStatsView")).isTrue();
        assertThat(docs.body().path("components").path("schemas").has("StaffMemberPage")).isTrue();
    }

    @Test
    void swagger_ui_is_served() throws Exception {
        HttpTestClient http = new HttpTestClient(port, "analyst", "analyst");
        Response entry = http.get("/swagger-ui.html");
        assertThat(entry.status()).isEqualTo(302);
        assertThat(entry.header("Location")).endsWith("/swagger-ui/index.html");
        assertThat(html("/swagger-ui/index.html")).contains("Swagger UI");
    }

    /** The page itself is HTML, which the JSON test client does not read. */
    private String html(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("analyst:analyst".getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<String> parameters(JsonNode operation) {
        assertThat(operation.isMissingNode()).as("operation documented").isFalse();
        return StreamSupport.stream(operation.path("parameters").spliterator(), false)
                .map(parameter -> parameter.path("name").asText()).toList();
    }
}
