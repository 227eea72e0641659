package io.staffsync.query.live;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.simp.user.SimpSession;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Removes subscription state left behind by connections that are gone. When a client drops the socket right
 * after sending SUBSCRIBE, Spring's synthetic DISCONNECT for the closed session can be handled before that
 * SUBSCRIBE (the close does not go through the per-session ordering), and the broker then registers a
 * subscription for a session that no longer exists. Found by ConnectionChurnIT; swept here periodically.
 */
@Component
class SessionJanitor {

    private final Set<String> watched = ConcurrentHashMap.newKeySet();
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

    /** A session that holds subscription state; called after the broker has registered a subscription. */
    void watch(String sessionId) {
        if (sessionId != null) {
            watched.add(sessionId);
        }
    }

    @Scheduled(fixedDelayString = "${staffsync.live.janitor-interval:10s}",
            initialDelayString = "${staffsync.live.janitor-interval:10s}")
    void sweep() {
        Set<String> connected = users.getUsers().stream().map(SimpUser::getSessions).flatMap(Set::stream)
                .map(SimpSession::getId).collect(Collectors.toSet());
        SimpleBrokerMessageHandler simpleBroker = broker.getIfAvailable();
        for (String sessionId : Set.copyOf(watched)) {
            if (!connected.contains(sessionId)) {
                // forget first: a subscription the broker registers after this sweep watches the session again
                watched.remove(sessionId);
                if (simpleBroker != null) {
                    simpleBroker.getSubscriptionRegistry().unregisterAllSubscriptions(sessionId);
                }
                resumes.forget(sessionId);
                presence.forget(sessionId);
            }
        }
    }
}
