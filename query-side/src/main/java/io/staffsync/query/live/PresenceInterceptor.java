package io.staffsync.query.live;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.stereotype.Component;

/** Tells presence about a subscription once the broker has registered it (see {@link PresenceTracker}). */
@Component
public class PresenceInterceptor implements ExecutorChannelInterceptor {

    private final PresenceTracker presence;

    PresenceInterceptor(PresenceTracker presence) {
        this.presence = presence;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
                                    Exception failure) {
        if (failure == null && handler instanceof AbstractBrokerMessageHandler
                && SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.SUBSCRIBE) {
            presence.subscribed(SimpMessageHeaderAccessor.wrap(message));
        }
    }
}
