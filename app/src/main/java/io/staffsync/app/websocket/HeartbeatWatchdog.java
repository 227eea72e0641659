package io.staffsync.app.websocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drops half-open connections within two missed heartbeat intervals. Spring's simple broker waits three
 * intervals; a client whose network silently vanished should be let go, and its state freed, sooner. The
 * interval is the one negotiated in CONNECT: the longer of what the client offers and what the server asks.
 */
@Component
class HeartbeatWatchdog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatWatchdog.class);
    private static final Pattern HEART_BEAT = Pattern.compile("(?m)^heart-beat:(\\d+),(\\d+)\\r?$");
    private static final int MISSED_INTERVALS = 2;

    /** A connection whose client promised to send something at least every {@code intervalMillis}. */
    private static final class Watched {
        final WebSocketSession session;
        final long intervalMillis;
        volatile long lastReadMillis;

        Watched(WebSocketSession session, long intervalMillis) {
            this.session = session;
            this.intervalMillis = intervalMillis;
            this.lastReadMillis = System.currentTimeMillis();
        }
    }

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final long serverExpectsMillis;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stomp-heartbeat-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    HeartbeatWatchdog(WebSocketProperties properties) {
        this.serverExpectsMillis = properties.heartbeat().toMillis();
        long period = Math.max(50, Math.min(1000, serverExpectsMillis / 4));
        checker.scheduleWithFixedDelay(this::dropSilentConnections, period, period, TimeUnit.MILLISECONDS);
    }

    WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {
            @Override
            public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
                read(session, message);
                super.handleMessage(session, message);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
                watched.remove(session.getId());
                super.afterConnectionClosed(session, status);
            }
        };
    }

    private void read(WebSocketSession session, WebSocketMessage<?> message) {
        Watched connection = watched.get(session.getId());
        if (connection != null) {
            connection.lastReadMillis = System.currentTimeMillis();
            return;
        }
        if (message.getPayload() instanceof String text && (text.startsWith("CONNECT") || text.startsWith("STOMP"))) {
            Matcher heartBeat = HEART_BEAT.matcher(text.substring(0, text.indexOf('\0') < 0 ? text.length() : text.indexOf('\0')));
            if (heartBeat.find()) {
                long clientSends = Long.parseLong(heartBeat.group(1));
                if (clientSends > 0 && serverExpectsMillis > 0) {
                    watched.put(session.getId(), new Watched(session, Math.max(clientSends, serverExpectsMillis)));
                }
            }
        }
    }

    private void dropSilentConnections() {
        long now = System.currentTimeMillis();
        for (Watched connection : watched.values()) {
            if (now - connection.lastReadMillis > MISSED_INTERVALS * connection.intervalMillis) {
                watched.remove(connection.session.getId());
                try {
                    log.debug("Closing {}: no heartbeat for {} ms", connection.session.getId(),
                            now - connection.lastReadMillis);
                    connection.session.close(CloseStatus.SESSION_NOT_RELIABLE.withReason("missed heartbeats"));
                } catch (IOException | RuntimeException e) {
                    log.debug("Closing silent connection {} failed", connection.session.getId(), e);
                }
            }
        }
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }
}
