package io.staffsync.app.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A plain HTTP client against the running server (the JDK's, which speaks PATCH). */
public final class HttpTestClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String authorization;

    public HttpTestClient(int port, String user, String password) {
        this(port, user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpTestClient(int port, String authorization) {
        this.base = "http://localhost:" + port;
        this.authorization = authorization;
    }

    /** A client that sends {@code Authorization: Bearer <token>}. */
    public static HttpTestClient withToken(int port, String token) {
        return new HttpTestClient(port, "Bearer " + token);
    }

    public record Response(int status, java.net.http.HttpHeaders headers, JsonNode body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    /** GET and read the body as {@code type}; fails unless the status is 200. */
    public <T> T getAs(String path, Class<T> type) {
        Response response = get(path);
        if (response.status() != 200) {
            throw new AssertionError("GET " + path + " returned " + response.status() + ": " + response.body());
        }
        try {
            return StompTestClient.JSON.treeToValue(response.body(), type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Response post(String path, Object body, String... headers) {
        return send(request(path, headers).POST(json(body)));
    }

    public Response patch(String path, Object body, String... headers) {
        return send(request(path, headers).method("PATCH", json(body)));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                // above the longest wait a query may ask for (wait=PT30S), so the server answers before we give up
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            String text = body instanceof String s ? s : StompTestClient.JSON.writeValueAsString(body);
            return HttpRequest.BodyPublishers.ofString(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body() == null || response.body().isBlank()
                    ? StompTestClient.JSON.missingNode() : StompTestClient.JSON.readTree(response.body());
            return new Response(response.statusCode(), response.headers(), body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
