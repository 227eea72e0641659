package io.staffsync.app.websocket;

import org.springframework.lang.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

import java.util.regex.Pattern;

/**
 * ERROR frames in the client's terms. Spring puts its exception's text in the {@code message} header, which for a
 * frame it cannot parse names its own classes ({@code No enum constant org.springframework...StompCommand.DELETE})
 * and for a refused one wraps our reason in channel plumbing. The client gets the reason we gave, or a plain
 * description; the details stay in the server's log.
 */
final class StompErrorFrames extends StompSubProtocolErrorHandler {

    private static final Pattern INTERNALS = Pattern.compile(
            "\\b(org|java|javax|jakarta|com|io)\\.[a-z]\\w*\\.|Exception\\b|ExecutorSubscribableChannel|\\bat [\\w$.]+\\(");

    @Override
    public Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage, Throwable ex) {
        StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.ERROR);
        accessor.setMessage(describe(clientMessage, ex));
        accessor.setLeaveMutable(true);
        StompHeaderAccessor clientHeaders = clientMessage == null ? null : StompHeaderAccessor.wrap(clientMessage);
        return handleInternal(accessor, new byte[0], ex, clientHeaders);
    }

    static String describe(@Nullable Message<byte[]> clientMessage, Throwable failure) {
        if (clientMessage == null) {
            return "malformed STOMP frame: it could not be parsed as STOMP 1.2";
        }
        // the innermost reason is the one an interceptor gave; the outer ones are Spring's delivery wrappers
        String reason = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        if (reason == null || INTERNALS.matcher(reason).find()) {
            return "the frame was refused";
        }
        return reason.lines().findFirst().orElse(reason);
    }
}
