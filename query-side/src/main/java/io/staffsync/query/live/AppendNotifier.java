package io.staffsync.query.live;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes every node's {@link ChangeFeed} after this node commits events: one {@code NOTIFY staffsync_events}
 * per burst of commits, sent from its own connection after the appending transactions have committed.
 * <p>
 * Why not a trigger in the appending transaction: PostgreSQL serializes the commits of transactions that
 * notify (they queue on one lock, held through the commit's WAL flush), so a NOTIFY per append turns group
 * commit into one fsync per command. Sent here, the notification costs the command nothing; it runs with
 * {@code synchronous_commit = off}, because it is only a wake-up: if it is lost (this node dies between a
 * commit and its notification), the events are still in the table and every feed finds them at its next
 * poll ({@code staffsync.live.poll-interval}).
 */
@Component
class AppendNotifier implements InitializingBean, DisposableBean {

    static final String CHANNEL = "staffsync_events";
    private static final Logger log = LoggerFactory.getLogger(AppendNotifier.class);

    private final EventStore eventStore;
    private final DataSource dataSource;
    private final Semaphore pending = new Semaphore(0);
    private volatile boolean running = true;
    private Thread worker;
    private AutoCloseable subscription;

    AppendNotifier(EventStore eventStore, DataSource dataSource) {
        this.eventStore = eventStore;
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        worker = new Thread(this::run, "staffsync-append-notifier");
        worker.setDaemon(true);
        worker.start();
        // called in the appending unit of work: notify once it has committed, never for a rollback
        subscription = eventStore.subscribe(this::appended)::cancel;
    }

    private void appended(List<? extends EventMessage<?>> events) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> signal());
        } else {
            signal();
        }
    }

    /** Asks for a notification; any number of calls before the next one is sent coalesce into it. */
    void signal() {
        pending.release();
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET synchronous_commit TO off");
                    while (running) {
                        if (!pending.tryAcquire(1, TimeUnit.SECONDS)) {
                            continue;
                        }
                        pending.drainPermits();
                        statement.execute("NOTIFY " + CHANNEL);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Append notifications interrupted ({}); retrying", e.toString());
                    pause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() throws Exception {
        running = false;
        if (subscription != null) {
            subscription.close();
        }
        if (worker != null) {
            worker.interrupt();
        }
    }
}
