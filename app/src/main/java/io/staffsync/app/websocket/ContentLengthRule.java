package io.staffsync.app.websocket;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * A frame whose {@code content-length} is not a byte count is refused with an ERROR frame and a close. Spring's
 * decoder ignores a content-length it cannot parse (and reads to the NUL instead), so such a frame would otherwise
 * be taken as if the header were absent: a client that got its framing wrong deserves to be told, not guessed at.
 * STOMP 1.2 says the header is the body's size in octets; anything longer than nine digits is beyond every frame
 * size limit anyway.
 */
@Component
class ContentLengthRule implements ChannelInterceptor {

    private static final Pattern BYTE_COUNT = Pattern.compile("\\d{1,9}");
    private static final int SHOWN = 40;

    private final MessageChannel clientOutboundChannel;

    ContentLengthRule(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        String contentLength = stomp.getFirstNativeHeader("content-length");
        if (contentLength == null || BYTE_COUNT.matcher(contentLength).matches()) {
            return message;
        }
        String shown = contentLength.length() > SHOWN ? contentLength.substring(0, SHOWN) + "…" : contentLength;
        return StompRefusal.refuse(clientOutboundChannel, stomp,
                "content-length must be the body's size in bytes, a whole number from 0, was: " + shown);
    }
}
