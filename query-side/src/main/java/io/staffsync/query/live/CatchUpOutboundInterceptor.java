package io.staffsync.query.live;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/** Outbound half of resuming: see {@link ResumeRegistry#filter}. */
@Component
public class CatchUpOutboundInterceptor implements ChannelInterceptor {

    private final ResumeRegistry registry;

    CatchUpOutboundInterceptor(ResumeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        return registry.filter(message);
    }
}
