package io.staffsync.app.support;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MultiValueMap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * Waits until the broker holds the subscription with this id for {@code destination}. Unlike a count of
     * subscribers it cannot be fooled by other tests' sessions that are still closing.
     *
     * @param subscriptionId as {@link StompTestClient#subscriptionId} gives it (unique across clients)
     */
    public static void awaitSubscription(SimpleBrokerMessageHandler broker, String destination, String subscriptionId) {
        await("subscription " + subscriptionId + " to " + destination + " registered").atMost(Duration.ofSeconds(20))
                .until(() -> hasSubscription(broker, destination, subscriptionId));
    }

    /** Whether the broker holds the subscription with this id for {@code destination}. */
    public static boolean hasSubscription(SimpleBrokerMessageHandler broker, String destination, String subscriptionId) {
        return subscriptions(broker, destination).values().stream().anyMatch(ids -> ids.contains(subscriptionId));
    }

    public static int subscribers(SimpleBrokerMessageHandler broker, String destination) {
        return subscriptions(broker, destination).values().stream().mapToInt(List::size).sum();
    }

    /** Subscription ids by session id, of every subscription a message to {@code destination} would reach. */
    public static Map<String, List<String>> bySession(SimpleBrokerMessageHandler broker, String destination) {
        return new TreeMap<>(subscriptions(broker, destination));
    }

    private static MultiValueMap<String, String> subscriptions(SimpleBrokerMessageHandler broker, String destination) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        accessor.setDestination(destination);
        Message<byte[]> probe = MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
        return broker.getSubscriptionRegistry().findSubscriptions(probe);
    }
}
