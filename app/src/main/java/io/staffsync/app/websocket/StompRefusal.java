package io.staffsync.app.websocket;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;

/**
 * How an inbound interceptor refuses a frame: it sends the ERROR frame itself and drops the frame. Throwing would
 * not reach the client: with per-session receive order preserved, Spring's ordered channel decorator logs an
 * interceptor's exception and never lets the protocol handler turn it into an ERROR frame.
 */
final class StompRefusal {

    private StompRefusal() {
    }

    /** Sends an ERROR frame (which makes Spring close the connection); returns null, the dropped frame. */
    static Message<?> refuse(MessageChannel clientOutboundChannel, StompHeaderAccessor refused, String reason) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(reason);
        error.setSessionId(refused.getSessionId());
        if (refused.getReceipt() != null) {
            error.setReceiptId(refused.getReceipt());
        }
        clientOutboundChannel.send(MessageBuilder.createMessage(reason.getBytes(StandardCharsets.UTF_8),
                error.getMessageHeaders()));
        return null;
    }
}
