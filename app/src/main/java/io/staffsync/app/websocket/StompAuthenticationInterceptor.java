package io.staffsync.app.websocket;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Authenticates STOMP connections. Browsers cannot set headers on a WebSocket handshake, so credentials come
 * in the CONNECT frame: an {@code Authorization: Bearer <jwt>} header, or for configured users the standard
 * {@code login}/{@code passcode} headers (a connection already authenticated at the handshake needs none). Nothing but CONNECT is accepted from an
 * unauthenticated connection, and only the known destinations may be subscribed to.
 * <p>
 * A refusal is answered with a STOMP ERROR frame sent here, explicitly, and the frame is dropped. Throwing
 * instead would not reach the client: with per-session receive order preserved, Spring's ordered channel
 * decorator logs an interceptor's exception and never lets the protocol handler turn it into an ERROR frame.
 */
@Component
class StompAuthenticationInterceptor implements ChannelInterceptor {

    private static final Pattern SUBSCRIBABLE =
            Pattern.compile("^/topic/staff(\\.department\\.[^/]{1,200}|\\.[A-Za-z0-9][A-Za-z0-9._:-]{0,99}(\\.presence)?)?$");

    private static final String BEARER = "Bearer ";

    private final AuthenticationManager authenticationManager;
    private final MessageChannel clientOutboundChannel;

    StompAuthenticationInterceptor(AuthenticationManager authenticationManager,
                                   @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.authenticationManager = authenticationManager;
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        if (stomp.getCommand() == StompCommand.CONNECT) {
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
        } else if (stomp.getCommand() == StompCommand.SUBSCRIBE && !subscribable(stomp.getDestination())) {
            return refuse(stomp, "no such destination: " + stomp.getDestination()
                    + " (subscribe to /topic/staff, /topic/staff.{staffId}, /topic/staff.{staffId}.presence,"
                    + " /topic/staff.department.{department} or /user/queue/replies)");
        }
        return message;
    }

    /** The destinations a client may subscribe to; anything else is refused rather than silently empty. */
    static boolean subscribable(String destination) {
        return destination != null && (SUBSCRIBABLE.matcher(destination).matches()
                || destination.equals("/user/queue/replies"));
    }

    /** Sends an ERROR frame (which makes Spring close the connection) and drops the refused frame. */
    private Message<?> refuse(StompHeaderAccessor refused, String reason) {
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
