package io.staffsync.query.live;

import io.staffsync.api.staff.wire.PresenceMessage;
import io.staffsync.api.staff.wire.PresenceMessage.Viewer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Presence across every node, coordinated through PostgreSQL: each node writes its own connections' viewings
 * into {@code staff_presence} and says which staff member changed on the channel {@code staffsync_presence};
 * every node listens and pushes the merged list to its own subscribers of {@code /topic/staff.{id}.presence}.
 * <p>
 * A node beats in {@code presence_node} every quarter of {@code staffsync.live.presence-ttl}. Entries of a node
 * that stopped beating (killed, cut off) are ignored at once when read and deleted by the next node that
 * sweeps, which also tells their viewers' staff members' subscribers. Writes go through one thread in order,
 * and every push is read from the table after the change it announces, so a subscriber's last message is
 * always the current list.
 */
@Component
class ClusterPresence implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    static final String CHANNEL = "staffsync_presence";
    private static final String TOPIC_SUFFIX = ".presence";
    private static final Logger log = LoggerFactory.getLogger(ClusterPresence.class);

    /** One change of this node's presence, applied in order by the writer thread. */
    private interface Change {
        /** Applies the change and returns the staff members whose presence it changed. */
        Set<String> apply(Connection connection) throws SQLException;
    }

    private final String nodeId = UUID.randomUUID().toString();
    private final DataSource dataSource;
    private final SimpMessagingTemplate messaging;
    private final LiveProperties properties;
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private final List<Thread> threads = new ArrayList<>();

    ClusterPresence(DataSource dataSource, @Lazy SimpMessagingTemplate messaging, LiveProperties properties) {
        this.dataSource = dataSource;
        this.messaging = messaging;
        this.properties = properties;
    }

    void viewing(String connectionId, String subscriptionId, String staffId, String user, Instant since) {
        changes.add(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO staff_presence (node_id, connection_id, subscription_id, staff_id, user_name, since)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                insert.setString(1, nodeId);
                insert.setString(2, connectionId);
                insert.setString(3, subscriptionId);
                insert.setString(4, staffId);
                insert.setString(5, user);
                insert.setTimestamp(6, Timestamp.from(since));
                insert.executeUpdate();
            }
            return Set.of(staffId);
        });
    }

    void left(String connectionId, String subscriptionId) {
        changes.add(connection -> staffIds(connection, """
                DELETE FROM staff_presence WHERE node_id = ? AND connection_id = ? AND subscription_id = ?
                RETURNING staff_id""", nodeId, connectionId, subscriptionId));
    }

    void disconnected(String connectionId) {
        changes.add(connection -> staffIds(connection, """
                DELETE FROM staff_presence WHERE node_id = ? AND connection_id = ? RETURNING staff_id""",
                nodeId, connectionId));
    }

    void editing(String connectionId, String staffId, boolean editing) {
        changes.add(connection -> staffIds(connection, """
                UPDATE staff_presence SET editing = ?
                WHERE node_id = ? AND connection_id = ? AND staff_id = ? AND editing <> ? RETURNING staff_id""",
                editing, nodeId, connectionId, staffId, editing));
    }

    /** Pushes the current list of one staff member again (a new presence subscriber needs it). */
    void refresh(String staffId) {
        changes.add(connection -> Set.of(staffId));
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        start();
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        threads.add(daemon(this::write, "staffsync-presence-writer"));
        threads.add(daemon(this::listen, "staffsync-presence-listener"));
    }

    private Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Applies this node's changes in order, beats, sweeps dead nodes, and announces what changed. */
    private void write() {
        long beatMillis = Math.max(50, properties.presenceTtl().toMillis() / 4);
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    // presence is ephemeral and unlogged: never wait for a WAL flush for it
                    statement.execute("SET synchronous_commit TO off");
                }
                long nextBeat = 0;
                while (running) {
                    Set<String> changed = new LinkedHashSet<>();
                    if (System.currentTimeMillis() >= nextBeat) {
                        changed.addAll(beatAndSweep(connection));
                        nextBeat = System.currentTimeMillis() + beatMillis;
                    }
                    Change change = changes.poll(beatMillis, TimeUnit.MILLISECONDS);
                    while (change != null) {
                        changed.addAll(change.apply(connection));
                        change = changes.poll();
                    }
                    announce(connection, changed);
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Presence writer interrupted ({}); retrying", e.toString());
                    pause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Set<String> beatAndSweep(Connection connection) throws SQLException {
        try (PreparedStatement beat = connection.prepareStatement("""
                INSERT INTO presence_node (node_id, seen_at) VALUES (?, now())
                ON CONFLICT (node_id) DO UPDATE SET seen_at = excluded.seen_at""")) {
            beat.setString(1, nodeId);
            beat.executeUpdate();
        }
        return staffIds(connection, """
                WITH dead AS (
                    DELETE FROM presence_node WHERE seen_at < now() - make_interval(secs => ?) RETURNING node_id)
                DELETE FROM staff_presence WHERE node_id IN (SELECT node_id FROM dead) RETURNING staff_id""",
                properties.presenceTtl().toMillis() / 1000.0);
    }

    private static void announce(Connection connection, Set<String> staffIds) throws SQLException {
        if (staffIds.isEmpty()) {
            return;
        }
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            for (String staffId : staffIds) {
                notify.setString(1, staffId);
                notify.addBatch();
            }
            notify.executeBatch();
        }
    }

    /** Pushes the merged list of every staff member announced on the channel, from any node. */
    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(500);
                    if (received == null) {
                        continue;
                    }
                    Set<String> staffIds = new LinkedHashSet<>();
                    for (PGNotification notification : received) {
                        staffIds.add(notification.getParameter());
                    }
                    for (String staffId : staffIds) {
                        messaging.convertAndSend("/topic/staff." + staffId + TOPIC_SUFFIX, read(connection, staffId));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Presence listener interrupted ({}); retrying", e.toString());
                    pause();
                }
            }
        }
    }

    /** One staff member's viewers on live nodes, one entry per connection, oldest first. */
    private PresenceMessage read(Connection connection, String staffId) throws SQLException {
        List<Viewer> viewers = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT p.user_name, p.connection_id, bool_or(p.editing), min(p.since)
                FROM staff_presence p JOIN presence_node n ON n.node_id = p.node_id
                WHERE p.staff_id = ? AND n.seen_at >= now() - make_interval(secs => ?)
                GROUP BY p.node_id, p.connection_id, p.user_name
                ORDER BY min(p.since), p.connection_id""")) {
            select.setString(1, staffId);
            select.setDouble(2, properties.presenceTtl().toMillis() / 1000.0);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    viewers.add(new Viewer(rows.getString(1), "stomp:" + rows.getString(2), rows.getBoolean(3),
                            rows.getTimestamp(4).toInstant()));
                }
            }
        }
        return new PresenceMessage(staffId, viewers);
    }

    private static Set<String> staffIds(Connection connection, String sql, Object... parameters) throws SQLException {
        Set<String> staffIds = new LinkedHashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    staffIds.add(rows.getString(1));
                }
            }
        }
        return staffIds;
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A node that shuts down takes its viewers with it at once, rather than after the time-to-live. */
    @Override
    public void destroy() {
        running = false;
        threads.forEach(Thread::interrupt);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            Set<String> staffIds = staffIds(connection,
                    "DELETE FROM staff_presence WHERE node_id = ? RETURNING staff_id", nodeId);
            try (PreparedStatement node = connection.prepareStatement("DELETE FROM presence_node WHERE node_id = ?")) {
                node.setString(1, nodeId);
                node.executeUpdate();
            }
            announce(connection, staffIds);
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not remove this node's presence on shutdown ({}); it expires by itself", e.toString());
        }
    }
}
