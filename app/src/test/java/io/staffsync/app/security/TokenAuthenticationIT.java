package io.staffsync.app.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.SeparateNode;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/** Bearer JWTs over STOMP and HTTP, and every way a token can be wrong. */
@StaffSyncIntegrationTest
class TokenAuthenticationIT {

    @LocalServerPort
    int port;
    @Autowired
    DevTokenIssuer issuer;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void a_dev_token_authenticates_stomp_and_http_and_its_subject_is_the_recorded_actor() throws Exception {
        HttpTestClient.Response issued = new HttpTestClient(port, "alice", "alice").post("/api/dev/token", Map.of());
        assertThat(issued.status()).isEqualTo(200);
        String token = issued.body().path("token").asText();

        String staffId = UUID.randomUUID().toString();
        try (StompTestClient client = StompTestClient.connectWithToken(port, token)) {
            CommandReply reply = client.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(),
                    staffId, null, null, registration(staffId), null));
            assertThat(reply.status()).isEqualTo(CommandStatus.ACCEPTED);
        }
        assertThat(HttpTestClient.withToken(port, token).patch("/api/staff/" + staffId,
                Map.of("changes", Map.of("role", "Lead")), "If-Match", "\"0\"").status()).isEqualTo(200);
        assertThat(EventLog.of(jdbc, staffId)).extracting(e -> e.metaData().path("actor").asText())
                .containsExactly("alice", "alice");
        assertThat(HttpTestClient.withToken(port, token).post("/api/dev/token", Map.of()).status())
                .as("a token cannot renew itself").isEqualTo(403);
    }

    @Test
    void a_token_without_the_editor_role_may_read_but_not_command() throws Exception {
        String viewerToken = issuer.issue("vera", List.of("viewer"), Duration.ofMinutes(5));
        assertThat(HttpTestClient.withToken(port, viewerToken).get("/api/staff?size=1").status()).isEqualTo(200);
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient client = StompTestClient.connectWithToken(port, viewerToken)) {
            CommandReply reply = client.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(),
                    staffId, null, null, registration(staffId), null));
            assertThat(reply.error().code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(EventLog.of(jdbc, staffId)).isEmpty();
    }

    @Test
    void expired_forged_unsigned_and_garbage_tokens_are_refused() throws Exception {
        String expired = issuer.issue("alice", List.of("editor"), Duration.ofMinutes(-5));
        String forged = signedByAnotherKey();
        String unsigned = unsigned();
        for (String bad : List.of(expired, forged, unsigned, "not-a-jwt")) {
            assertThat(StompTestClient.refusedConnectWithToken(port, bad).getFirst("message"))
                    .as("STOMP with " + bad).startsWith("authentication failed");
            assertThat(HttpTestClient.withToken(port, bad).get("/api/staff").status()).as("HTTP with " + bad)
                    .isEqualTo(401);
        }
        assertThat(new HttpTestClient(port, null, null).get("/api/staff").status()).isEqualTo(401);
    }

    @Test
    void a_token_in_the_url_is_refused() {
        String token = issuer.issue("alice", List.of("editor"), Duration.ofMinutes(5));
        HttpTestClient.Response response = new HttpTestClient(port, null, null).get("/api/staff?access_token=" + token);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("detail").asText()).contains("not accepted in URLs");
    }

    @Test
    void a_token_in_the_websocket_handshake_url_is_refused() throws Exception {
        String token = issuer.issue("alice", List.of("editor"), Duration.ofMinutes(5));
        assertThat(handshakeStatus("/ws?access_token=" + token)).isEqualTo(400);
        assertThat(handshakeStatus("/ws?token=" + token)).isEqualTo(400);
        assertThat(handshakeStatus("/ws")).as("the same handshake without the token").isEqualTo(101);
    }

    @Test
    void the_dev_token_endpoint_is_not_found_when_dev_tokens_are_disabled() {
        try (ConfigurableApplicationContext node = SeparateNode.start(postgres,
                "--staffsync.security.dev-tokens.enabled=false")) {
            int nodePort = SeparateNode.port(node);
            assertThat(new HttpTestClient(nodePort, "alice", "alice").post("/api/dev/token", Map.of()).status())
                    .isEqualTo(404);
            assertThat(new HttpTestClient(nodePort, "viewer", "viewer").get("/api/staff").status())
                    .as("the node serves the rest").isEqualTo(200);
        }
    }

    /** The status line of a raw WebSocket upgrade request for {@code target}, from an allowed origin. */
    private int handshakeStatus(String target) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nOrigin: http://localhost:3000\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static String signedByAnotherKey() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims());
        jwt.sign(new RSASSASigner(other));
        return jwt.serialize();
    }

    /** {@code alg: none}: a token anyone could have written. */
    private static String unsigned() throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = url.encodeToString(claims().toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().subject("mallory").issuer(DevTokenIssuer.ISSUER)
                .claim("roles", List.of("editor", "admin"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
    }
}
