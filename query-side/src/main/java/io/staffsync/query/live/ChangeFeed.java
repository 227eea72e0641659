package io.staffsync.query.live;

import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * Tails the event store and publishes every change to its STOMP destinations, strictly in global position
 * order and never past a position that may still commit.
 * <p>
 * Positions come from a sequence, so position N+1 can commit before N. When the feed sees a hole it waits:
 * it notes the transactions appending to the event store at that moment, and once all of them have ended the
 * hole is either filled (delivered in order) or permanent (a rolled-back append, skipped). No timeout, and
 * only appenders count: a rolled-back append delays the feed only as long as the appends that ran with it.
 * <p>
 * Each node runs its own feed for its own clients. A notification on {@code staffsync_events}, which
 * {@link AppendNotifier} sends after commits on any node, wakes it; a poll covers a lost notification.
 */
@Component
public class ChangeFeed implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final int STATE_CACHE = 10_000;

    /** A hole in the positions below {@code upTo}, seen while these appending transactions might hold it. */
    private record Hole(long upTo, Set<String> holders) {
    }

    private final EventStoreReader store;
    private final SimpMessagingTemplate messaging;
    private final DataSource dataSource;
    private final LiveProperties properties;
    private final StaffStates states;
    private final ConflictNotifications conflicts;
    private final Object publishing = new Object();
    private volatile long delivered = -1;
    private volatile boolean running;
    private Thread worker;
    private Hole hole;

    ChangeFeed(EventStoreReader store, @Lazy SimpMessagingTemplate messaging, DataSource dataSource,
               LiveProperties properties, ConflictNotifications conflicts) {
        this.store = store;
        this.conflicts = conflicts;
        this.messaging = messaging;
        this.dataSource = dataSource;
        this.properties = properties;
        this.states = new StaffStates(store, STATE_CACHE);
    }

    /**
     * Every position up to this one has been published (or is a permanent gap); -1 before start. Read under the
     * publishing lock: a resume that registered its subscription while position P was being sent must see P
     * here, because P may have reached the broker before the subscription did and so will not come live.
     */
    public long deliveredPosition() {
        synchronized (publishing) {
            return delivered;
        }
    }

    /** Starts once the application (and so the STOMP broker) is ready: nothing published earlier would arrive. */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        start();
    }

    synchronized void start() {
        if (running) {
            return;
        }
        delivered = settledMaxPosition();
        running = true;
        worker = new Thread(this::run, "staffsync-change-feed");
        worker.setDaemon(true);
        worker.start();
        log.info("Change feed started after position {}", delivered);
    }

    @Override
    public void destroy() {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** The newest position below which nothing can commit any more: waits out the appends running now. */
    private long settledMaxPosition() {
        long max = store.maxPosition();
        Set<String> holders = store.appenders();
        while (store.stillAppending(holders)) {
            sleep(10);
        }
        return max;
    }

    private void run() {
        while (running) {
            try (Connection listener = dataSource.getConnection()) {
                try (Statement listen = listener.createStatement()) {
                    listen.execute("LISTEN " + AppendNotifier.CHANNEL);
                }
                PGConnection notifications = listener.unwrap(PGConnection.class);
                while (running) {
                    drain();
                    int waitMillis = hole != null ? 5 : (int) Math.max(1, properties.pollInterval().toMillis());
                    notifications.getNotifications(waitMillis);
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Change feed interrupted ({}); retrying", e.toString());
                    sleep(1000);
                }
            }
        }
    }

    /** Publishes every event that can safely be published now. */
    void drain() {
        while (true) {
            List<StoredEvent> batch = store.after(delivered, properties.batchSize());
            if (batch.isEmpty()) {
                hole = null;
                return;
            }
            for (StoredEvent event : batch) {
                if (event.position() == delivered + 1) {
                    publish(event);
                    continue;
                }
                if (!holeSettled(event.position() - 1)) {
                    return;
                }
                // the missing positions can no longer commit: they were rolled back
                log.debug("Skipping rolled-back positions {}..{}", delivered + 1, event.position() - 1);
                delivered = event.position() - 1;
                publish(event);
            }
        }
    }

    /** Whether every transaction that might hold positions up to {@code upTo} has ended. */
    private boolean holeSettled(long upTo) {
        if (hole == null || hole.upTo() != upTo) {
            hole = new Hole(upTo, store.appenders());
            return false;
        }
        if (store.stillAppending(hole.holders())) {
            return false;
        }
        hole = null;
        // ended, but maybe committed: if the hole filled meanwhile, the next read delivers it in order
        List<StoredEvent> recheck = store.after(delivered, 1);
        return recheck.isEmpty() || recheck.get(0).position() > upTo;
    }

    private void publish(StoredEvent event) {
        StaffMemberView state = states.after(event);
        StaffChangeMessage message = StaffChangeMessages.of(event, state);
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.setNativeHeader(ResumeRegistry.POSITION_HEADER, String.valueOf(event.position()));
        // serialized once: every destination gets its own headers around the same bytes
        Message<?> serialized = messaging.getMessageConverter().toMessage(message, headers.getMessageHeaders());
        synchronized (publishing) {
            for (String destination : StaffChangeMessages.destinations(message)) {
                messaging.send(destination, serialized);
            }
            delivered = event.position();
        }
        conflicts.published(event);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
