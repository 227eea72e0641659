package io.staffsync.app.websocket;

import io.github.bucket4j.Bucket;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A budget of inbound frames per connection (a token bucket), counted as they arrive, before any parsing or
 * queueing: a client that floods is sent a STOMP ERROR frame and disconnected, alone, while the frames it
 * already sent within budget are still handled. Counting later (at the channel) would only measure how fast
 * the server works through the flood, not how fast it arrives.
 */
final class InboundRateLimit extends WebSocketHandlerDecorator {

    private final WebSocketProperties properties;
    private final Map<String, Bucket> budgets = new ConcurrentHashMap<>();

    InboundRateLimit(WebSocketHandler delegate, WebSocketProperties properties) {
        super(delegate);
        this.properties = properties;
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        // a large message may arrive in pieces of up to 8 KB (PartialMessages), and each costs one frame: counting
        // only last pieces would let one endless message of small frames past the budget
        if (!budget(session.getId()).tryConsume(1)) {
            budgets.remove(session.getId());
            String reason = "too many frames: at most " + properties.commandsPerSecond() + " per second (bursts of "
                    + properties.commandBurst() + ") per connection; reconnect and slow down";
            try {
                session.sendMessage(new TextMessage("ERROR\nmessage:" + reason + "\n\n\u0000"));
            } catch (IOException | IllegalStateException busyOrGone) {
                // another thread is writing to this session, or it is closing: the close status says why
            }
            session.close(CloseStatus.POLICY_VIOLATION.withReason("rate limit"));
            return;
        }
        super.handleMessage(session, message);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
        budgets.remove(session.getId());
        super.afterConnectionClosed(session, closeStatus);
    }

    private Bucket budget(String sessionId) {
        return budgets.computeIfAbsent(sessionId, id -> Bucket.builder()
                .addLimit(limit -> limit.capacity(properties.commandBurst())
                        .refillGreedy(properties.commandsPerSecond(), Duration.ofSeconds(1)))
                .build());
    }
}
