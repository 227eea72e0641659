package io.staffsync.app.postgres;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code staffsync.embedded-postgres.*}: the PostgreSQL the server starts itself when no
 * {@code spring.datasource.url} is configured.
 *
 * @param enabled       start an embedded PostgreSQL (ignored when spring.datasource.url is set)
 * @param dataDirectory where the cluster keeps its files across restarts; blank means a throwaway cluster
 * @param port          the port it listens on (localhost only); 0 picks a free one
 * @param durable       fsync and synchronous commit on; only throwaway test clusters turn this off
 */
@ConfigurationProperties("staffsync.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("./data/postgres") String dataDirectory,
        @DefaultValue("15432") int port,
        @DefaultValue("true") boolean durable) {
}
