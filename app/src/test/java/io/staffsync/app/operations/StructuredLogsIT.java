package io.staffsync.app.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.app.support.NodeProcess;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option README documents for log shippers: {@code --logging.structured.format.console=logstash} makes every
 * log line a JSON object (Spring Boot's structured logging), checked on a node in its own JVM.
 */
@StaffSyncIntegrationTest
class StructuredLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void with_the_logstash_format_every_log_line_is_a_json_object() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        try (NodeProcess node = NodeProcess.start(postgres, "json-logs", "--spring.main.banner-mode=off",
                "--logging.structured.format.console=logstash")) {
            for (String line : Files.readAllLines(node.log())) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        assertThat(lines).as("the node logged at WARN or above while starting").isNotEmpty();
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.isObject()).as("%s", line).isTrue();
            assertThat(line.path("@timestamp").asText()).isNotBlank();
            assertThat(line.path("level").asText()).isNotBlank();
            assertThat(line.path("logger_name").asText()).isNotBlank();
            assertThat(line.has("message")).isTrue();
        });
    }
}
