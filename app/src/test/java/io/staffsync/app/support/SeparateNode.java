package io.staffsync.app.support;

import io.staffsync.StaffSyncApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A server node of its own, for a test that needs settings the shared context must not have (production limits,
 * a long heartbeat, a feature switched off): the test profile on the shared database, these settings on top, a
 * random port. Close it when done.
 */
public final class SeparateNode {

    private SeparateNode() {
    }

    /** @param settings Spring Boot command-line settings, as {@code --name=value} */
    public static ConfigurableApplicationContext start(EmbeddedPostgres postgres, String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(StaffSyncApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
