package io.staffsync.query.live;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Inbound half of resuming: a SUBSCRIBE to a staff topic with {@code resume-from} is registered before the
 * broker sees it, and its catch-up starts once the broker has handled it. An unreadable position is treated
 * as unknown (the client is told RESYNC_REQUIRED).
 */
@Component
public class ResumeSubscriptionInterceptor implements ExecutorChannelInterceptor {

    private final ResumeRegistry registry;
    private final SessionJanitor janitor;

    ResumeSubscriptionInterceptor(ResumeRegistry registry, SessionJanitor janitor) {
        this.registry = registry;
        this.janitor = janitor;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        if (stomp.getCommand() == StompCommand.SUBSCRIBE && resumes(stomp)) {
            registry.register(stomp.getSessionId(), stomp.getSubscriptionId(), stomp.getDestination(),
                    requestedPosition(stomp.getFirstNativeHeader(ResumeRegistry.RESUME_HEADER)));
        } else if (stomp.getCommand() == StompCommand.UNSUBSCRIBE) {
            registry.remove(stomp.getSessionId(), stomp.getSubscriptionId());
        }
        return message;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
                                    Exception failure) {
        boolean broker = handler instanceof AbstractBrokerMessageHandler;
        if (failure != null || !(broker || handler instanceof UserDestinationMessageHandler)) {
            return;
        }
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null) {
            return;
        }
        if (stomp.getCommand() == StompCommand.SUBSCRIBE) {
            // after the broker registered it (for /user/... destinations, after the user destination handler passed
            // it on): a sweep that ran in between cannot have missed this subscription
            janitor.watch(stomp.getSessionId(), stomp.getSubscriptionId(), stomp.getDestination());
            if (broker && resumes(stomp)) {
                registry.start(stomp.getSessionId(), stomp.getSubscriptionId());
            }
        } else if (broker && stomp.getCommand() == StompCommand.UNSUBSCRIBE) {
            janitor.unwatch(stomp.getSessionId(), stomp.getSubscriptionId());
        }
    }

    private static boolean resumes(StompHeaderAccessor stomp) {
        String destination = stomp.getDestination();
        return stomp.getFirstNativeHeader(ResumeRegistry.RESUME_HEADER) != null && destination != null
                && destination.startsWith(StaffChangeMessages.ALL_STAFF) && !destination.endsWith(".presence");
    }

    private static long requestedPosition(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
