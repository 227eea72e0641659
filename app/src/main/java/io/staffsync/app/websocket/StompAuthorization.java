package io.staffsync.app.websocket;

import io.staffsync.app.security.Roles;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.messaging.access.intercept.MessageAuthorizationContext;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.security.messaging.util.matcher.MessageMatcher;
import org.springframework.stereotype.Component;

import java.security.Principal;
import java.util.regex.Pattern;

/**
 * Who may read which destination, and where a client may send: Spring Security's message authorization with
 * the application's role hierarchy (so editors and admins read what viewers read).
 * <ul>
 *   <li>{@code /topic/staff}, {@code /topic/staff.{id}}, {@code /topic/staff.department.{d}},
 *       {@code /topic/staff.{id}.presence}: {@code VIEWER}</li>
 *   <li>{@code /user/queue/conflicts}: {@code EDITOR}</li>
 *   <li>{@code /user/queue/replies}: any authenticated user. It carries only the answers to the connection's own
 *       commands, and a user without {@code EDITOR} is told there that a command was refused ({@code FORBIDDEN})
 *       rather than being left without an answer.</li>
 *   <li>SEND: only to {@code /app/**}; which commands a user may send is decided at command intake.</li>
 *   <li>anything else: refused.</li>
 * </ul>
 */
@Component
class StompAuthorization {

    static final String REPLIES = "/user/queue/replies";
    static final String CONFLICTS = "/user/queue/conflicts";
    static final String APPLICATION_PREFIX = "/app/";
    private static final Pattern STAFF_TOPICS =
            Pattern.compile("^/topic/staff(\\.department\\.[^/]{1,200}|\\.[A-Za-z0-9][A-Za-z0-9._:-]{0,99}(\\.presence)?)?$");

    private final AuthorizationManager<Message<?>> decisions;

    StompAuthorization(RoleHierarchy roleHierarchy) {
        this.decisions = MessageMatcherDelegatingAuthorizationManager.builder()
                .simpTypeMatchers(SimpMessageType.CONNECT, SimpMessageType.HEARTBEAT, SimpMessageType.UNSUBSCRIBE,
                        SimpMessageType.DISCONNECT, SimpMessageType.OTHER).permitAll()
                .matchers(subscribe(StompAuthorization::staffTopic)).access(role(Roles.VIEWER, roleHierarchy))
                .matchers(subscribe(CONFLICTS::equals)).access(role(Roles.EDITOR, roleHierarchy))
                .matchers(subscribe(REPLIES::equals)).authenticated()
                .matchers(send(destination -> destination.startsWith(APPLICATION_PREFIX))).authenticated()
                .anyMessage().denyAll()
                .build();
    }

    /** Null if {@code user} may have this frame handled, else why not (for the ERROR frame). */
    String refusal(Message<?> message, Principal user) {
        Authentication authentication = user instanceof Authentication a ? a : null;
        AuthorizationResult result = decisions.authorize(() -> authentication, message);
        if (result == null || result.isGranted()) {
            return null;
        }
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
        String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
        String name = user == null ? "anonymous" : user.getName();
        if (type == SimpMessageType.SUBSCRIBE) {
            return subscribable(destination)
                    ? "forbidden: " + name + " may not read " + destination + " (role " + roleToRead(destination)
                    + " required)"
                    : "no such destination: " + destination + " (subscribe to /topic/staff, /topic/staff.{staffId},"
                    + " /topic/staff.{staffId}.presence, /topic/staff.department.{department}, " + REPLIES + " or "
                    + CONFLICTS + ")";
        }
        if (type == SimpMessageType.MESSAGE) {
            return "forbidden: SEND only to " + APPLICATION_PREFIX + "… destinations, not " + destination;
        }
        return "forbidden: " + type + " frames are not accepted";
    }

    /** The destinations that exist; anything else is refused rather than silently empty. */
    static boolean subscribable(String destination) {
        return destination != null && (staffTopic(destination) || destination.equals(REPLIES)
                || destination.equals(CONFLICTS));
    }

    private static String roleToRead(String destination) {
        return CONFLICTS.equals(destination) ? Roles.EDITOR : Roles.VIEWER;
    }

    private static boolean staffTopic(String destination) {
        return STAFF_TOPICS.matcher(destination).matches();
    }

    private static MessageMatcher<Object> subscribe(java.util.function.Predicate<String> destination) {
        return framed(SimpMessageType.SUBSCRIBE, destination);
    }

    private static MessageMatcher<Object> send(java.util.function.Predicate<String> destination) {
        return framed(SimpMessageType.MESSAGE, destination);
    }

    private static MessageMatcher<Object> framed(SimpMessageType type, java.util.function.Predicate<String> destination) {
        return message -> {
            String target = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
            return SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == type && target != null
                    && destination.test(target);
        };
    }

    private static AuthorizationManager<MessageAuthorizationContext<?>> role(String role, RoleHierarchy hierarchy) {
        AuthorityAuthorizationManager<MessageAuthorizationContext<?>> manager = AuthorityAuthorizationManager.hasRole(role);
        manager.setRoleHierarchy(hierarchy);
        return manager;
    }
}
