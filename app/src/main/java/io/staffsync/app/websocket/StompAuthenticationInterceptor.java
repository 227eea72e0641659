package io.staffsync.app.websocket;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;


/**
 * Authenticates STOMP connections. Browsers cannot set headers on a WebSocket handshake, so credentials come
 * in the CONNECT frame: an {@code Authorization: Bearer <jwt>} header, or for configured users the standard
 * {@code login}/{@code passcode} headers (a connection already authenticated at the handshake needs none). Nothing but CONNECT is accepted from an
 * unauthenticated connection; every other frame must pass {@link StompAuthorization} (known destinations, the
 * right role).
 * <p>
 * A refusal is answered with a STOMP ERROR frame sent here, explicitly, and the frame is dropped
 * ({@link StompRefusal}).
 */
@Component
class StompAuthenticationInterceptor implements ChannelInterceptor {

    private static final String BEARER = "Bearer ";

    private final AuthenticationManager authenticationManager;
    private final StompAuthorization authorization;
    private final MessageChannel clientOutboundChannel;

    StompAuthenticationInterceptor(AuthenticationManager authenticationManager, StompAuthorization authorization,
                                   @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.authenticationManager = authenticationManager;
        this.authorization = authorization;
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        if (stomp.getCommand() == StompCommand.CONNECT || stomp.getCommand() == StompCommand.STOMP) {
            String authorization = stomp.getFirstNativeHeader("Authorization");
            try {
                if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                    stomp.setUser(authenticationManager.authenticate(
                            new BearerTokenAuthenticationToken(authorization.substring(BEARER.length()).strip())));
                } else if (stomp.getLogin() != null) {
                    stomp.setUser(authenticationManager.authenticate(UsernamePasswordAuthenticationToken
                            .unauthenticated(stomp.getLogin(), stomp.getPasscode())));
                }
            } catch (AuthenticationException e) {
                return refuse(stomp, "authentication failed: " + e.getMessage());
            }
            if (stomp.getUser() == null) {
                return refuse(stomp, "CONNECT needs an Authorization: Bearer <token> header, or login and passcode");
            }
        } else if ((stomp.getCommand() == StompCommand.SEND || stomp.getCommand() == StompCommand.SUBSCRIBE)
                && stomp.getUser() == null) {
            return refuse(stomp, "not authenticated: CONNECT with login and passcode first");
        } else {
            String refusal = authorization.refusal(message, stomp.getUser());
            if (refusal != null) {
                return refuse(stomp, refusal);
            }
        }
        return message;
    }

    private Message<?> refuse(StompHeaderAccessor refused, String reason) {
        return StompRefusal.refuse(clientOutboundChannel, refused, reason);
    }
}
