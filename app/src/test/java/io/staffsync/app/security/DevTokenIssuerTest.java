package io.staffsync.app.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.BadJwtException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevTokenIssuerTest {

    @TempDir
    Path directory;

    @Test
    void nodes_that_share_a_key_file_accept_each_others_tokens_even_when_they_start_together() throws Exception {
        Path keyFile = directory.resolve("keys").resolve("dev-jwk.json");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Future<DevTokenIssuer>> starting = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<DevTokenIssuer> node = () -> {
                    start.await();
                    return DevTokenIssuer.sharedThrough(keyFile);
                };
                starting.add(nodes.submit(node));
            }
            start.countDown();
            List<DevTokenIssuer> issuers = new ArrayList<>();
            for (Future<DevTokenIssuer> issuer : starting) {
                issuers.add(issuer.get());
            }
            for (DevTokenIssuer issuing : issuers) {
                String token = issuing.issue("alice", List.of("editor"), Duration.ofMinutes(5));
                for (DevTokenIssuer verifying : issuers) {
                    assertThat(verifying.decoder().decode(token).getSubject()).isEqualTo("alice");
                }
            }
            try (var leftovers = Files.list(keyFile.getParent())) {
                assertThat(leftovers.map(path -> path.getFileName().toString())).containsExactly("dev-jwk.json");
            }
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void without_a_key_file_each_process_has_its_own_key() {
        String token = new DevTokenIssuer().issue("alice", List.of("editor"), Duration.ofMinutes(5));
        assertThatThrownBy(() -> new DevTokenIssuer().decoder().decode(token)).isInstanceOf(BadJwtException.class);
    }
}
