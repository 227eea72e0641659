package io.staffsync.query.live;

import io.staffsync.api.staff.wire.StaffChangeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Subscriptions that asked to resume ({@code resume-from: N}): each first receives, in order, every matching
 * change after N read from the event store, then live changes, with no gap and no duplicate at the seam.
 * <p>
 * The seam: the subscription is registered here before the broker sees it, so every live message for it
 * passes {@link #filter} and is held while the catch-up runs. The catch-up replays up to the feed's delivered
 * position D read after registration; every position up to D was published before that read (so it is in
 * the replay, and a held copy is dropped), and every later one is held and released after the replay.
 */
@Component
public class ResumeRegistry implements DisposableBean {

    /** Native header carrying a change's global position on every pushed MESSAGE frame. */
    public static final String POSITION_HEADER = "position";
    /** Native header of a SUBSCRIBE frame asking to resume after a position. */
    public static final String RESUME_HEADER = "resume-from";
    private static final Logger log = LoggerFactory.getLogger(ResumeRegistry.class);

    private final Map<String, CatchUp> catchUps = new ConcurrentHashMap<>();
    private final ChangeFeed feed;
    private final EventStoreReader store;
    private final MessageHandler webSocketHandler;
    private final MessageConverter converter;
    private final LiveProperties properties;
    private final CatchUpMetrics metrics;
    private final ExecutorService executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(10_000), runnable -> {
                Thread thread = new Thread(runnable, "staffsync-catch-up");
                thread.setDaemon(true);
                return thread;
            });

    ResumeRegistry(ChangeFeed feed, EventStoreReader store,
                   @Lazy @Qualifier("subProtocolWebSocketHandler") MessageHandler webSocketHandler,
                   @Lazy SimpMessagingTemplate messaging, LiveProperties properties, CatchUpMetrics metrics) {
        this.feed = feed;
        this.metrics = metrics;
        this.store = store;
        this.webSocketHandler = webSocketHandler;
        this.converter = new LazyConverter(messaging);
        this.properties = properties;
    }

    /** One resuming subscription. Guarded by its own monitor. */
    private static final class CatchUp {
        final String sessionId;
        final String subscriptionId;
        final String destination;
        final long from;
        final List<Message<?>> held = new ArrayList<>();
        boolean live;
        long lastSent;

        CatchUp(String sessionId, String subscriptionId, String destination, long from) {
            this.sessionId = sessionId;
            this.subscriptionId = subscriptionId;
            this.destination = destination;
            this.from = from;
        }
    }

    void register(String sessionId, String subscriptionId, String destination, long from) {
        catchUps.put(key(sessionId, subscriptionId), new CatchUp(sessionId, subscriptionId, destination, from));
    }

    /** Called once the broker has registered the subscription. */
    void start(String sessionId, String subscriptionId) {
        CatchUp catchUp = catchUps.get(key(sessionId, subscriptionId));
        if (catchUp != null) {
            executor.execute(() -> run(catchUp));
        }
    }

    /** Resuming subscriptions currently tracked (catching up, or live but not yet unsubscribed). */
    public int trackedSubscriptions() {
        return catchUps.size();
    }

    void remove(String sessionId, String subscriptionId) {
        catchUps.remove(key(sessionId, subscriptionId));
    }

    @EventListener
    void on(SessionDisconnectEvent disconnected) {
        forget(disconnected.getSessionId());
    }

    void forget(String sessionId) {
        catchUps.values().removeIf(catchUp -> catchUp.sessionId.equals(sessionId));
    }

    /** Outbound: holds live messages of subscriptions still catching up, and drops ones the replay covered. */
    Message<?> filter(Message<?> message) {
        if (catchUps.isEmpty() || SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.MESSAGE) {
            return message;
        }
        CatchUp catchUp = catchUps.get(key(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()),
                SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders())));
        if (catchUp == null) {
            return message;
        }
        synchronized (catchUp) {
            if (!catchUp.live) {
                catchUp.held.add(message);
                return null;
            }
            long position = position(message);
            if (position <= catchUp.lastSent) {
                return null;
            }
            catchUp.lastSent = position;
            return message;
        }
    }

    private void run(CatchUp catchUp) {
        long started = System.nanoTime();
        try {
            long upTo = feed.deliveredPosition();
            if (catchUp.from < 0 || catchUp.from > upTo || upTo - catchUp.from > properties.maxCatchUp()) {
                send(catchUp, StaffChangeMessages.resyncRequired(upTo), upTo);
                goLive(catchUp, upTo);
                metrics.record(CatchUpMetrics.Outcome.RESYNC_REQUIRED, upTo - catchUp.from, started);
            } else {
                replay(catchUp, upTo);
                goLive(catchUp, upTo);
                metrics.record(CatchUpMetrics.Outcome.CAUGHT_UP, upTo - catchUp.from, started);
            }
        } catch (RuntimeException e) {
            metrics.record(CatchUpMetrics.Outcome.FAILED, feed.deliveredPosition() - catchUp.from, started);
            log.warn("Catch-up of subscription {} of session {} failed; asking the client to resync",
                    catchUp.subscriptionId, catchUp.sessionId, e);
            long upTo = feed.deliveredPosition();
            send(catchUp, StaffChangeMessages.resyncRequired(upTo), upTo);
            goLive(catchUp, upTo);
        }
    }

    private void replay(CatchUp catchUp, long upTo) {
        StaffStates states = new StaffStates(store, 10_000);
        // one staff member's topic needs that staff member's events only, however many others were stored meanwhile
        String staffId = StaffChangeMessages.staffOf(catchUp.destination);
        long after = catchUp.from;
        while (after < upTo && catchUps.containsKey(key(catchUp.sessionId, catchUp.subscriptionId))) {
            List<StoredEvent> batch = staffId == null ? store.between(after, upTo, properties.batchSize())
                    : store.between(staffId, after, upTo, properties.batchSize());
            if (batch.isEmpty()) {
                return;
            }
            for (StoredEvent event : batch) {
                StaffChangeMessage change = StaffChangeMessages.of(event, states.after(event));
                if (StaffChangeMessages.matches(catchUp.destination, change)) {
                    send(catchUp, change, event.position());
                }
                after = event.position();
            }
        }
    }

    private void goLive(CatchUp catchUp, long upTo) {
        synchronized (catchUp) {
            long lastSent = upTo;
            for (Message<?> held : catchUp.held) {
                long position = position(held);
                if (position > lastSent) {
                    deliver(held);
                    lastSent = position;
                }
            }
            catchUp.held.clear();
            catchUp.lastSent = lastSent;
            catchUp.live = true;
        }
    }

    private void send(CatchUp catchUp, StaffChangeMessage change, long position) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setSessionId(catchUp.sessionId);
        headers.setSubscriptionId(catchUp.subscriptionId);
        headers.setDestination(catchUp.destination);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.setNativeHeader(POSITION_HEADER, String.valueOf(position));
        headers.setLeaveMutable(true);
        deliver(converter.toMessage(change, headers.getMessageHeaders()));
    }

    /**
     * Hands a message straight to the WebSocket session, on this one thread: the outbound channel's thread
     * pool could reorder consecutive sends, and the broker's per-session ordering is not reachable from here.
     */
    private void deliver(Message<?> message) {
        webSocketHandler.handleMessage(message);
    }

    private static long position(Message<?> message) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.wrap(message);
        String position = accessor.getFirstNativeHeader(POSITION_HEADER);
        return position == null ? Long.MAX_VALUE : Long.parseLong(position);
    }

    private static String key(String sessionId, String subscriptionId) {
        return sessionId + "/" + subscriptionId;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    /** The broker's own JSON converter, looked up when first needed (it is defined after this bean). */
    private record LazyConverter(SimpMessagingTemplate messaging) implements MessageConverter {

        @Override
        public Object fromMessage(Message<?> message, Class<?> targetClass) {
            return messaging.getMessageConverter().fromMessage(message, targetClass);
        }

        @Override
        public Message<?> toMessage(Object payload, org.springframework.messaging.MessageHeaders headers) {
            return messaging.getMessageConverter().toMessage(payload, headers);
        }
    }
}
