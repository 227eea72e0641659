package io.staffsync.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.StompTestClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** GETs with an {@code Accept} header, the body kept as text (NDJSON and CSV are not one JSON document). */
final class RawHttp {

    record Response(int status, String contentType, String highWaterMark, String body) {

        JsonNode json() {
            try {
                return StompTestClient.JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        List<JsonNode> lines() {
            return body.lines().filter(line -> !line.isEmpty()).map(line -> {
                try {
                    return StompTestClient.JSON.readTree(line);
                } catch (Exception e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }).toList();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String authorization;

    RawHttp(int port, String user) {
        this.base = "http://localhost:" + port;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + user)
                .getBytes(StandardCharsets.UTF_8));
    }

    Response get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("High-Water-Mark").orElse(null), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Response json(String path) {
        return get(path, "application/json");
    }
}
