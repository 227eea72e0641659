package io.staffsync.app.websocket;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Authenticates STOMP connections. Browsers cannot set headers on a WebSocket handshake, so credentials come
 * in the CONNECT frame's standard {@code login}/{@code passcode} headers (a connection already authenticated
 * at the handshake, e.g. with HTTP Basic, needs none). A failed CONNECT is answered with a STOMP ERROR frame;
 * nothing but CONNECT is accepted from an unauthenticated connection.
 */
@Component
class StompAuthenticationInterceptor implements ChannelInterceptor {

    private final AuthenticationManager authenticationManager;

    StompAuthenticationInterceptor(AuthenticationManager authenticationManager) {
        this.authenticationManager = authenticationManager;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        if (stomp.getCommand() == StompCommand.CONNECT) {
            if (stomp.getLogin() != null) {
                Authentication user = authenticationManager.authenticate(
                        UsernamePasswordAuthenticationToken.unauthenticated(stomp.getLogin(), stomp.getPasscode()));
                stomp.setUser(user);
            }
            if (stomp.getUser() == null) {
                throw new AccessDeniedException("CONNECT needs the login and passcode headers");
            }
        } else if ((stomp.getCommand() == StompCommand.SEND || stomp.getCommand() == StompCommand.SUBSCRIBE)
                && stomp.getUser() == null) {
            throw new AccessDeniedException("not authenticated: CONNECT with login and passcode first");
        }
        return message;
    }
}
