package io.staffsync.app.websocket;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Lets the container hand a large WebSocket message over in pieces. Spring's STOMP handler keeps a decoder per
 * session that buffers an incomplete frame until its end arrives, and refuses it (ERROR, then close) once it
 * passes {@code staffsync.websocket.message-size-limit}. So the container's own per-session buffers can stay at
 * Tomcat's 8 KB default. Taking whole messages only, they had to be sized to the frame limit, and Tomcat
 * allocates them for every session when it opens: a 64 KB limit cost about 160 KB of heap per connection.
 */
final class PartialMessages extends WebSocketHandlerDecorator {

    PartialMessages(WebSocketHandler delegate) {
        super(delegate);
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }
}
