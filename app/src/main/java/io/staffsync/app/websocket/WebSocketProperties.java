package io.staffsync.app.websocket;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code staffsync.websocket.*}.
 *
 * @param endpoint        the STOMP-over-WebSocket endpoint path
 * @param allowedOrigins  browser origins allowed to open it (patterns, e.g. {@code https://*.example.com})
 * @param heartbeat       the STOMP heartbeat the server sends and expects in both directions
 */
@ConfigurationProperties("staffsync.websocket")
public record WebSocketProperties(
        @DefaultValue("/ws") String endpoint,
        @DefaultValue("*") List<String> allowedOrigins,
        @DefaultValue("10s") Duration heartbeat) {
}
