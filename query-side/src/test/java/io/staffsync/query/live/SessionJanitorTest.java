package io.staffsync.query.live;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.DefaultSubscriptionRegistry;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.AntPathMatcher;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Finding 9 of docs/reliability-data.md, replayed step by step on Spring's own registry: a DISCONNECT that
 * removes a session while its SUBSCRIBE is between registering the session and updating the destination cache.
 * Over real sockets the window is too narrow to hit on demand (ConnectionChurnIT covers the real thing).
 */
class SessionJanitorTest {

    private static final String SESSION = "closed-session";

    @Test
    void a_subscription_a_racing_disconnect_left_in_the_broker_is_removed_once_its_session_is_gone() throws Exception {
        CountDownLatch subscribing = new CountDownLatch(1);
        CountDownLatch disconnected = new CountDownLatch(1);
        AtomicBoolean pause = new AtomicBoolean(true);
        DefaultSubscriptionRegistry registry = new DefaultSubscriptionRegistry();
        // the only hook between the registry's two updates: a pattern subscription is matched against cached
        // destinations after the session entry was written and before the cache is
        registry.setPathMatcher(new AntPathMatcher() {
            @Override
            public boolean match(String pattern, String path) {
                if (pause.compareAndSet(true, false)) {
                    subscribing.countDown();
                    await(disconnected);
                }
                return super.match(pattern, path);
            }
        });
        String destination = "/topic/staff.42";
        registry.findSubscriptions(message(destination));

        Thread subscribe = new Thread(() -> registry.registerSubscription(subscribe("sub-1", "/topic/staff.*")));
        subscribe.start();
        await(subscribing);
        registry.unregisterAllSubscriptions(SESSION);
        disconnected.countDown();
        subscribe.join(10_000);

        assertThat(registry.findSubscriptions(message(destination))).as("left behind by the race").containsKey(SESSION);
        registry.unregisterAllSubscriptions(SESSION);
        assertThat(registry.findSubscriptions(message(destination))).as("out of a plain unregister's reach")
                .containsKey(SESSION);

        SessionJanitor janitor = janitor(registry);
        janitor.watch(SESSION, "sub-1", "/topic/staff.*");
        janitor.sweep();

        assertThat(registry.findSubscriptions(message(destination))).isEmpty();
    }

    @Test
    void a_session_queue_is_remembered_under_the_destination_the_broker_registered() {
        DefaultSubscriptionRegistry registry = new DefaultSubscriptionRegistry();
        String queue = "/queue/replies-user" + SESSION;
        registry.registerSubscription(subscribe("replies", queue));
        SessionJanitor janitor = janitor(registry);
        janitor.watch(SESSION, "replies", "/user/queue/replies");
        janitor.sweep();

        assertThat(registry.findSubscriptions(message(queue))).isEmpty();
    }

    private static SessionJanitor janitor(DefaultSubscriptionRegistry registry) {
        SimpleBrokerMessageHandler broker = mock(SimpleBrokerMessageHandler.class);
        when(broker.getSubscriptionRegistry()).thenReturn(registry);
        @SuppressWarnings("unchecked")
        ObjectProvider<SimpleBrokerMessageHandler> provider = mock(ObjectProvider.class);
        when(provider.getIfAvailable()).thenReturn(broker);
        // nobody is connected
        return new SessionJanitor(mock(SimpUserRegistry.class), provider, mock(ResumeRegistry.class),
                mock(PresenceTracker.class));
    }

    private static Message<byte[]> subscribe(String subscriptionId, String destination) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.SUBSCRIBE);
        accessor.setSessionId(SESSION);
        accessor.setSubscriptionId(subscriptionId);
        accessor.setDestination(destination);
        return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
    }

    private static Message<byte[]> message(String destination) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        accessor.setDestination(destination);
        return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
