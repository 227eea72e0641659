package io.staffsync.app.operations;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.staffsync.app.websocket.OutboundLanes;
import io.staffsync.query.live.ChangeFeed;
import io.staffsync.query.live.ResumeRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Gauges of this node's live side: open STOMP connections and subscriptions, bytes waiting in the outbound
 * queues, connections closed for a reason (slow consumer over its send limits, no CONNECT, transport error),
 * subscriptions with resume state, and the live feed's position. Read lazily at scrape time; nothing is counted on the hot path.
 */
@Component
class LiveMeters implements MeterBinder {

    private final SimpUserRegistry users;
    private final ObjectProvider<SubProtocolWebSocketHandler> webSocketHandler;
    private final ResumeRegistry resumes;
    private final ChangeFeed changeFeed;
    private final ObjectProvider<OutboundLanes> outbound;

    LiveMeters(@Lazy SimpUserRegistry users, ObjectProvider<SubProtocolWebSocketHandler> webSocketHandler,
               ResumeRegistry resumes, ChangeFeed changeFeed, ObjectProvider<OutboundLanes> outbound) {
        this.outbound = outbound;
        this.users = users;
        this.webSocketHandler = webSocketHandler;
        this.resumes = resumes;
        this.changeFeed = changeFeed;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("staffsync.websocket.connections", this, meters -> meters.stats().getWebSocketSessions())
                .description("Open WebSocket connections on this node").register(registry);
        Gauge.builder("staffsync.stomp.sessions", users, registry1 -> registry1.getUsers().stream()
                        .mapToInt(user -> user.getSessions().size()).sum())
                .description("Authenticated STOMP sessions on this node").register(registry);
        Gauge.builder("staffsync.stomp.subscriptions", users, LiveMeters::subscriptions)
                .description("STOMP subscriptions on this node").register(registry);
        Gauge.builder("staffsync.live.resume-subscriptions", resumes, ResumeRegistry::trackedSubscriptions)
                .description("Subscriptions that asked to resume and still hold resume state").register(registry);
        Gauge.builder("staffsync.live.position", changeFeed, ChangeFeed::deliveredPosition)
                .description("Position up to which the live feed has published every change").register(registry);
        // the lanes are Spring's clientOutboundChannelExecutor bean, made by the WebSocket configuration
        Gauge.builder("staffsync.websocket.outbound.queued", this, meters -> meters.lanes().queuedBytes())
                .baseUnit("bytes").description("Bytes waiting to be written to this node's connections")
                .register(registry);
        Gauge.builder("staffsync.websocket.outbound.peak", this, meters -> meters.lanes().peakQueuedBytes())
                .baseUnit("bytes").description("The most bytes one connection ever had waiting").register(registry);
        closed(registry, "slow-consumer", meters -> meters.lanes().tooSlowDisconnects()
                + meters.stats().getLimitExceededSessions());
        closed(registry, "no-connect", meters -> meters.stats().getNoMessagesReceivedSessions());
        closed(registry, "transport-error", meters -> meters.stats().getTransportErrorSessions());
    }

    private void closed(MeterRegistry registry, String reason, java.util.function.ToDoubleFunction<LiveMeters> count) {
        FunctionCounter.builder("staffsync.websocket.closed", this, count)
                .description("Connections this node closed, by reason (slow-consumer: over its send time or buffer limit)")
                .tag("reason", reason).register(registry);
    }

    private OutboundLanes lanes() {
        return outbound.getObject();
    }

    /** Looked up at scrape time: the handler is defined by the WebSocket configuration, after this binder. */
    private SubProtocolWebSocketHandler.Stats stats() {
        return webSocketHandler.getObject().getStats();
    }

    private static double subscriptions(SimpUserRegistry users) {
        int count = 0;
        for (SimpUser user : users.getUsers()) {
            for (var session : user.getSessions()) {
                count += session.getSubscriptions().size();
            }
        }
        return count;
    }
}
