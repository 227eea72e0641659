package io.staffsync.bench;

import io.staffsync.StaffSyncApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.MessageBuilder;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The server the bench drives, and the PostgreSQL behind it (for the baselines, which must hit the same
 * database in the same run). Either started here, in-process, on a throwaway durable embedded PostgreSQL, or
 * an external one given by URL.
 */
final class ServerUnderTest implements AutoCloseable {

    private final URI http;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final String description;
    private final ConfigurableApplicationContext context;

    private ServerUnderTest(URI http, String jdbcUrl, String jdbcUser, String jdbcPassword, String description,
                            ConfigurableApplicationContext context) {
        this.http = http;
        this.jdbcUrl = jdbcUrl;
        this.jdbcUser = jdbcUser;
        this.jdbcPassword = jdbcPassword;
        this.description = description;
        this.context = context;
    }

    static ServerUnderTest of(BenchOptions options) throws SQLException {
        if (options.url() != null) {
            return new ServerUnderTest(options.url(), options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword(),
                    "external server " + options.url(), null);
        }
        return startInProcess(options.serverArgs());
    }

    /**
     * The real application, as {@code java -jar staffsync.jar} would run it, except on a free port and a
     * throwaway cluster. Durable stays on: the write figures include the fsync of every commit.
     */
    private static ServerUnderTest startInProcess(List<String> extraArgs) throws SQLException {
        List<String> args = new ArrayList<>(List.of(
                "--staffsync.embedded-postgres.data-directory=",
                "--staffsync.embedded-postgres.port=0",
                "--staffsync.embedded-postgres.durable=true"));
        args.addAll(extraArgs);
        return start(args, "in-process server (embedded PostgreSQL, throwaway cluster, durable)");
    }

    /**
     * Another node of the same application on this server's PostgreSQL, in this process, as a second
     * {@code java -jar staffsync.jar} with {@code spring.datasource.url} would run.
     */
    ServerUnderTest secondNode(List<String> extraArgs) throws SQLException {
        if (context == null) {
            throw new IllegalStateException("a second node needs the in-process server's database");
        }
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + jdbcUser, "--spring.datasource.password=" + jdbcPassword));
        args.addAll(extraArgs);
        return start(args, "in-process second node on the same PostgreSQL");
    }

    private static ServerUnderTest start(List<String> nodeArgs, String description) throws SQLException {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                // the connections scenario holds thousands of idle WebSockets (Tomcat's default cap is 8192)
                "--server.tomcat.max-connections=30000",
                // the load generator is one client sending as fast as replies come: lift the per-connection budget
                "--staffsync.websocket.commands-per-second=1000000",
                "--staffsync.websocket.command-burst=1000000",
                "--spring.main.banner-mode=off",
                // keep the report readable; the server's own warnings and errors still show
                "--logging.level.root=WARN",
                "--logging.level.io.zonky.test.db.postgres=WARN",
                "--logging.level.org.springframework.core.annotation.AnnotationTypeMapping=ERROR",
                // stale updates are the point of the contention scenario, and a loaded machine makes Axon's
                // janitor print a stack trace for each slow event: both would bury the report
                "--logging.level.org.axonframework.commandhandling.gateway.DefaultCommandGateway=ERROR",
                "--logging.level.axon-janitor=ERROR"));
        args.addAll(nodeArgs);
        SpringApplication application = new SpringApplication(StaffSyncApplication.class);
        ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String url;
            String user;
            try (Connection connection = context.getBean(DataSource.class).getConnection()) {
                url = connection.getMetaData().getURL();
                user = connection.getMetaData().getUserName();
            }
            String password = context.getEnvironment().getProperty("spring.datasource.password", "");
            return new ServerUnderTest(URI.create("http://localhost:" + port), url, user, password,
                    description, context);
        } catch (RuntimeException | SQLException e) {
            context.close();
            throw e;
        }
    }

    URI http() {
        return http;
    }

    URI webSocket() {
        return URI.create(http.toString().replaceFirst("^http", "ws") + "/ws");
    }

    String description() {
        return description;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** A new connection of the bench's own, outside the server's pool. */
    Connection openJdbc() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
    }

    /** The same, with driver properties such as {@code reWriteBatchedInserts}. */
    Connection openJdbc(Properties driverProperties) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(driverProperties);
        properties.setProperty("user", jdbcUser);
        properties.setProperty("password", jdbcPassword == null ? "" : jdbcPassword);
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** The in-process application, or null for an external server. */
    ConfigurableApplicationContext context() {
        return context;
    }

    /** Subscriptions registered in the in-process broker for this destination, or -1 for an external server. */
    int subscribers(String destination) {
        return context == null ? -1 : subscribers(context.getBean(SimpleBrokerMessageHandler.class), destination);
    }

    static int subscribers(SimpleBrokerMessageHandler broker, String destination) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        accessor.setDestination(destination);
        Message<byte[]> probe = MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
        return broker.getSubscriptionRegistry().findSubscriptions(probe).values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}
