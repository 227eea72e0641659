package io.staffsync.app.support;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.MessageBuilder;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * STOMP SUBSCRIBE frames are processed asynchronously: a test that publishes right after subscribing must
 * first see the subscriptions registered in the broker, or it would be testing a race of its own making.
 */
public final class BrokerSubscriptions {

    private BrokerSubscriptions() {
    }

    public static void awaitSubscribers(SimpleBrokerMessageHandler broker, String destination, int atLeast) {
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribers(broker, destination) >= atLeast);
    }

    public static int subscribers(SimpleBrokerMessageHandler broker, String destination) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        accessor.setDestination(destination);
        Message<byte[]> probe = MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
        return broker.getSubscriptionRegistry().findSubscriptions(probe).values().stream().mapToInt(java.util.List::size).sum();
    }
}
