package io.staffsync.app.websocket;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * {@code staffsync.websocket.*}.
 *
 * @param endpoint        the STOMP-over-WebSocket endpoint path
 * @param allowedOrigins  browser origins allowed to open it (patterns, e.g. {@code https://*.example.com})
 * @param heartbeat       the STOMP heartbeat the server sends and expects in both directions
 * @param messageSizeLimit the largest inbound STOMP frame accepted; a larger one closes the connection
 * @param sendTimeLimit   how long one send to a client may take before that client is disconnected
 * @param sendBufferLimit how much may queue up for one slow client (message bodies, the one being written
 *                        included) before it is disconnected
 * @param outboundThreads threads writing to clients; a client that stopped reading holds one for at most twice
 *                        {@code sendTimeLimit}, so there are more than cores
 * @param commandsPerSecond sustained frames (commands, subscriptions...) one connection may send; one that
 *                        exceeds {@code commandBurst} beyond that rate gets an ERROR frame and is closed
 * @param commandBurst    how many frames one connection may send at once
 * @param inboundThreads  threads handling inbound frames; 0 keeps Spring's default (two per core). More let more
 *                        commands wait on PostgreSQL at once, but also widen a race in Spring's broker between a
 *                        dropped connection's cleanup and its last SUBSCRIBE (docs/reliability-data.md)
 */
@ConfigurationProperties("staffsync.websocket")
public record WebSocketProperties(
        @DefaultValue("/ws") String endpoint,
        @DefaultValue("*") List<String> allowedOrigins,
        @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("64KB") DataSize messageSizeLimit,
        @DefaultValue("10s") Duration sendTimeLimit,
        @DefaultValue("512KB") DataSize sendBufferLimit,
        @DefaultValue("50") int commandsPerSecond,
        @DefaultValue("100") int commandBurst,
        @DefaultValue("32") int outboundThreads,
        @DefaultValue("0") int inboundThreads) {
}
