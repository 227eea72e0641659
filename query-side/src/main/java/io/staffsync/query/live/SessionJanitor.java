package io.staffsync.query.live;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SubscriptionRegistry;
import org.springframework.messaging.simp.user.SimpSession;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Removes subscription state left behind by connections that are gone. When a client drops the socket right
 * after sending SUBSCRIBE, Spring's synthetic DISCONNECT for the closed session can be handled at the same time
 * as that SUBSCRIBE, on another inbound thread (the close does not go through the per-session ordering). Two
 * things can then be left in the broker's {@code DefaultSubscriptionRegistry}: a session entry registered after
 * the DISCONNECT removed the session, or, worse, a destination-cache entry whose session entry the DISCONNECT
 * had already removed. No unregister can reach the second one, because the registry unregisters a session by
 * walking its session entry (docs/reliability-data.md, finding 9).
 * <p>
 * So the janitor remembers, for every session, the subscriptions the broker registered and not yet removed,
 * and for a session that is gone it first registers them again (that rebuilds the session entry the cache
 * entries hang from) and then unregisters the whole session: whatever the race left, nothing remains.
 */
@Component
class SessionJanitor {

    /** Spring's user destination prefix and the suffix its resolver gives a session's own queue. */
    private static final String USER_PREFIX = "/user";
    private static final String USER_SESSION_SUFFIX = "-user";

    /** Subscription id to destination as the broker holds it, by session; guarded by the map's per-key locking. */
    private final Map<String, Map<String, String>> watched = new ConcurrentHashMap<>();
    private final SimpUserRegistry users;
    private final ObjectProvider<SimpleBrokerMessageHandler> broker;
    private final ResumeRegistry resumes;
    private final PresenceTracker presence;

    SessionJanitor(@Lazy SimpUserRegistry users, ObjectProvider<SimpleBrokerMessageHandler> broker, ResumeRegistry resumes,
                   PresenceTracker presence) {
        this.users = users;
        this.broker = broker;
        this.resumes = resumes;
        this.presence = presence;
    }

    /**
     * A subscription the broker has just registered, as the client named it; called after the broker handled
     * the SUBSCRIBE, so a sweep that runs before this call leaves the session to the next sweep.
     */
    void watch(String sessionId, String subscriptionId, String destination) {
        if (sessionId == null || subscriptionId == null || destination == null) {
            return;
        }
        watched.compute(sessionId, (id, subscriptions) -> {
            Map<String, String> held = subscriptions == null ? new ConcurrentHashMap<>() : subscriptions;
            held.put(subscriptionId, brokerDestination(sessionId, destination));
            return held;
        });
    }

    /** A subscription the broker has just removed (UNSUBSCRIBE): keeps what is remembered per session bounded. */
    void unwatch(String sessionId, String subscriptionId) {
        if (sessionId == null || subscriptionId == null) {
            return;
        }
        watched.computeIfPresent(sessionId, (id, subscriptions) -> {
            subscriptions.remove(subscriptionId);
            return subscriptions;
        });
    }

    @Scheduled(fixedDelayString = "${staffsync.live.janitor-interval:10s}",
            initialDelayString = "${staffsync.live.janitor-interval:10s}")
    void sweep() {
        // watched sessions first, connected ones second: a session is in the user registry before its client can
        // send SUBSCRIBE, so every session read here that is missing below has really gone. The other order would
        // purge a session that connected and subscribed between the two reads, live subscriptions and all.
        Set<String> candidates = Set.copyOf(watched.keySet());
        Set<String> connected = users.getUsers().stream().map(SimpUser::getSessions).flatMap(Set::stream)
                .map(SimpSession::getId).collect(Collectors.toSet());
        SimpleBrokerMessageHandler simpleBroker = broker.getIfAvailable();
        for (String sessionId : candidates) {
            if (!connected.contains(sessionId)) {
                // forget first: a subscription the broker registers after this sweep watches the session again
                Map<String, String> subscriptions = watched.remove(sessionId);
                if (simpleBroker != null) {
                    purge(simpleBroker.getSubscriptionRegistry(), sessionId, subscriptions);
                }
                resumes.forget(sessionId);
                presence.forget(sessionId);
            }
        }
    }

    private static void purge(SubscriptionRegistry registry, String sessionId, Map<String, String> subscriptions) {
        if (subscriptions != null) {
            subscriptions.forEach((subscriptionId, destination) ->
                    registry.registerSubscription(subscribe(sessionId, subscriptionId, destination)));
        }
        registry.unregisterAllSubscriptions(sessionId);
    }

    private static Message<byte[]> subscribe(String sessionId, String subscriptionId, String destination) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.SUBSCRIBE);
        accessor.setSessionId(sessionId);
        accessor.setSubscriptionId(subscriptionId);
        accessor.setDestination(destination);
        return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
    }

    /**
     * The destination the broker registered: a {@code /user/...} subscription reaches it as the session's own
     * queue, as Spring's {@code DefaultUserDestinationResolver} names it ({@code /queue/replies-user{sessionId}}).
     */
    private static String brokerDestination(String sessionId, String destination) {
        return destination.startsWith(USER_PREFIX + "/")
                ? destination.substring(USER_PREFIX.length()) + USER_SESSION_SUFFIX + sessionId
                : destination;
    }
}
