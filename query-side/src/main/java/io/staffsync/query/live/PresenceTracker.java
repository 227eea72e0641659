package io.staffsync.query.live;

import io.staffsync.api.staff.wire.EditingNotice;
import io.staffsync.api.staff.wire.PresenceMessage;
import io.staffsync.api.staff.wire.PresenceMessage.Viewer;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

import java.security.Principal;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Presence: a connection subscribed to {@code /topic/staff.{staffId}} is viewing that staff member; it may say
 * it is editing ({@code SEND /app/presence.editing}). Every change, and every new presence subscriber, gets
 * the current list on {@code /topic/staff.{staffId}.presence}. Kept in memory on this node; a connection that
 * drops without a DISCONNECT leaves when the server notices (heartbeat or transport error).
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
    private final SimpMessagingTemplate messaging;
    private final Clock clock = Clock.systemUTC();

    PresenceTracker(@Lazy SimpMessagingTemplate messaging) {
        this.messaging = messaging;
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
                publish(staff.group(1));
            }
            return;
        }
        Matcher staff = STAFF_TOPIC.matcher(destination);
        if (staff.matches()) {
            viewings.put(key(headers.getSessionId(), headers.getSubscriptionId()), new Viewing(staff.group(1),
                    headers.getSessionId(), headers.getSubscriptionId(), user(headers.getUser()), false,
                    clock.instant()));
            publish(staff.group(1));
        }
    }

    @EventListener
    void on(SessionUnsubscribeEvent unsubscribed) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(unsubscribed.getMessage());
        Viewing gone = viewings.remove(key(headers.getSessionId(), headers.getSubscriptionId()));
        if (gone != null) {
            publish(gone.staffId());
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
        gone.stream().map(Viewing::staffId).distinct().forEach(this::publish);
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
            publish(notice.staffId());
        }
    }

    /** Current viewers of one staff member, one entry per connection. */
    PresenceMessage presence(String staffId) {
        Map<String, Viewer> perConnection = new java.util.TreeMap<>();
        viewings.values().stream().filter(viewing -> viewing.staffId().equals(staffId)).forEach(viewing ->
                perConnection.merge(viewing.sessionId(), new Viewer(viewing.user(), "stomp:" + viewing.sessionId(),
                        viewing.editing(), viewing.since()), (a, b) -> new Viewer(a.user(), a.clientId(),
                        a.editing() || b.editing(), a.since().isBefore(b.since()) ? a.since() : b.since())));
        List<Viewer> viewers = perConnection.values().stream()
                .sorted(Comparator.comparing(Viewer::since).thenComparing(Viewer::clientId)).toList();
        return new PresenceMessage(staffId, viewers);
    }

    private void publish(String staffId) {
        messaging.convertAndSend("/topic/staff." + staffId + PRESENCE_SUFFIX, presence(staffId));
    }

    private static String user(Principal user) {
        return user == null ? "anonymous" : user.getName();
    }

    private static String key(String sessionId, String subscriptionId) {
        return Objects.requireNonNull(sessionId) + "/" + subscriptionId;
    }
}
