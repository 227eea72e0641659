package io.staffsync.query.live;

import io.staffsync.api.staff.wire.EditingNotice;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Presence: a connection subscribed to {@code /topic/staff.{staffId}} is viewing that staff member; it may say
 * it is editing ({@code SEND /app/presence.editing}). Every change, and every new presence subscriber, gets
 * the current list on {@code /topic/staff.{staffId}.presence}. This class tracks this node's connections;
 * {@link ClusterPresence} shares them with the other nodes and pushes the merged list. A connection that drops
 * without a DISCONNECT leaves when the server notices (heartbeat or transport error).
 */
@Controller
class PresenceTracker {

    private static final Pattern STAFF_TOPIC = Pattern.compile("^/topic/staff\\.([A-Za-z0-9][A-Za-z0-9._:-]{0,99})$");
    private static final String PRESENCE_SUFFIX = ".presence";

    /** One viewing connection: which staff member, through which subscription. */
    private record Viewing(String staffId, String sessionId, String subscriptionId, String user, boolean editing,
                           java.time.Instant since) {
    }

    private final Map<String, Viewing> viewings = new ConcurrentHashMap<>();
    private final ClusterPresence cluster;
    private final Clock clock = Clock.systemUTC();

    PresenceTracker(ClusterPresence cluster) {
        this.cluster = cluster;
    }

    /** Called once the broker has registered a subscription, so the snapshot it triggers reaches it too. */
    void subscribed(SimpMessageHeaderAccessor headers) {
        String destination = headers.getDestination();
        if (destination == null || headers.getSessionId() == null) {
            return;
        }
        if (destination.endsWith(PRESENCE_SUFFIX)) {
            Matcher staff = STAFF_TOPIC.matcher(destination.substring(0, destination.length() - PRESENCE_SUFFIX.length()));
            if (staff.matches()) {
                cluster.refresh(staff.group(1));
            }
            return;
        }
        Matcher staff = STAFF_TOPIC.matcher(destination);
        if (staff.matches()) {
            Viewing viewing = new Viewing(staff.group(1), headers.getSessionId(), headers.getSubscriptionId(),
                    user(headers.getUser()), false, clock.instant());
            viewings.put(key(viewing.sessionId(), viewing.subscriptionId()), viewing);
            cluster.viewing(viewing.sessionId(), viewing.subscriptionId(), viewing.staffId(), viewing.user(),
                    viewing.since());
        }
    }

    @EventListener
    void on(SessionUnsubscribeEvent unsubscribed) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(unsubscribed.getMessage());
        Viewing gone = viewings.remove(key(headers.getSessionId(), headers.getSubscriptionId()));
        if (gone != null) {
            cluster.left(gone.sessionId(), gone.subscriptionId());
        }
    }

    @EventListener
    void on(SessionDisconnectEvent disconnected) {
        forget(disconnected.getSessionId());
    }

    /** Drops every viewing of a connection that is gone. */
    void forget(String sessionId) {
        List<Viewing> gone = viewings.values().stream()
                .filter(viewing -> viewing.sessionId().equals(sessionId)).toList();
        gone.forEach(viewing -> viewings.remove(key(viewing.sessionId(), viewing.subscriptionId())));
        cluster.disconnected(sessionId);
    }

    @MessageMapping("presence.editing")
    void editing(@Payload EditingNotice notice, SimpMessageHeaderAccessor headers) {
        if (notice == null || notice.staffId() == null) {
            return;
        }
        boolean changed = false;
        for (Map.Entry<String, Viewing> entry : viewings.entrySet()) {
            Viewing viewing = entry.getValue();
            if (viewing.sessionId().equals(headers.getSessionId()) && viewing.staffId().equals(notice.staffId())
                    && viewing.editing() != notice.editing()) {
                entry.setValue(new Viewing(viewing.staffId(), viewing.sessionId(), viewing.subscriptionId(),
                        viewing.user(), notice.editing(), viewing.since()));
                changed = true;
            }
        }
        if (changed) {
            cluster.editing(headers.getSessionId(), notice.staffId(), notice.editing());
        }
    }

    private static String user(Principal user) {
        return user == null ? "anonymous" : user.getName();
    }

    private static String key(String sessionId, String subscriptionId) {
        return Objects.requireNonNull(sessionId) + "/" + subscriptionId;
    }
}
