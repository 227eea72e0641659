package io.staffsync.app.websocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.MessageHandlingRunnable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor of the client outbound channel: one FIFO lane per connection on a shared pool, each bounded.
 * <p>
 * A lane keeps a connection's messages in the order they were published, and holds at most
 * {@code send-buffer-limit} bytes of them (the one being written included). Spring's own per-session ordering
 * ({@code preservePublishOrder}) would queue a stalled connection's messages without any bound, in front of the
 * session's send buffer whose limit therefore never triggered. A connection whose lane would overflow, or whose
 * current write has taken longer than {@code send-time-limit}, is too slow: what waits for it is dropped, and
 * once its current write completes it is sent an ERROR frame and closed with the reason. If it never reads
 * again, the write fails after twice the send time limit (Tomcat's blocking send timeout) and the connection is
 * closed all the same. Other connections' lanes run on other threads meanwhile; a lane yields its thread after
 * a few messages so a busy connection cannot starve the rest.
 * <p>
 * Made by {@link WebSocketConfiguration}; the bean is Spring's {@code clientOutboundChannelExecutor}.
 */
public class OutboundLanes implements TaskExecutor, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboundLanes.class);
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final int MESSAGES_PER_TURN = 16;

    private final class Lane {
        final WebSocketSession session;
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        final ArrayDeque<Long> sizes = new ArrayDeque<>();
        long queuedBytes;
        long writingBytes;
        long writingSince;
        boolean draining;
        boolean ending;

        Lane(WebSocketSession session) {
            this.session = session;
        }
    }

    private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final long bufferLimit;
    private final long sendTimeLimitMillis;
    private final AtomicLong peakQueuedBytes = new AtomicLong();
    private final AtomicInteger tooSlow = new AtomicInteger();
    private final ExecutorService pool;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stomp-outbound-checker");
        thread.setDaemon(true);
        return thread;
    });

    OutboundLanes(WebSocketProperties properties) {
        this.bufferLimit = properties.sendBufferLimit().toBytes();
        this.sendTimeLimitMillis = properties.sendTimeLimit().toMillis();
        int threads = properties.outboundThreads();
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "stomp-outbound-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        long period = Math.max(50, Math.min(1000, sendTimeLimitMillis / 4));
        checker.scheduleWithFixedDelay(this::dropStalledConnections, period, period, TimeUnit.MILLISECONDS);
    }

    /** Registers connections as they open and close, and sets the hard limit on how long one write may block. */
    WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                if (session instanceof NativeWebSocketSession nativeSession
                        && nativeSession.getNativeSession() instanceof jakarta.websocket.Session tomcat) {
                    tomcat.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, 2 * sendTimeLimitMillis);
                }
                open.put(session.getId(), session);
                super.afterConnectionEstablished(session);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
                open.remove(session.getId());
                Lane lane = lanes.remove(session.getId());
                if (lane != null) {
                    synchronized (lane) {
                        lane.ending = true;
                        lane.tasks.clear();
                        lane.sizes.clear();
                    }
                }
                super.afterConnectionClosed(session, status);
            }
        };
    }

    @Override
    public void execute(Runnable task) {
        Message<?> message = task instanceof MessageHandlingRunnable handling ? handling.getMessage() : null;
        String sessionId = message == null ? null : SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        WebSocketSession session = sessionId == null ? null : open.get(sessionId);
        if (session == null) {
            // not for one connection, or for one that is gone (Spring drops it)
            pool.execute(task);
            return;
        }
        long size = message.getPayload() instanceof byte[] bytes ? bytes.length : 0;
        Lane lane = lanes.computeIfAbsent(sessionId, id -> new Lane(session));
        if (!open.containsKey(sessionId)) {
            // closed while the lane was made: the close may have missed it
            lanes.remove(sessionId, lane);
            pool.execute(task);
            return;
        }
        boolean start = false;
        synchronized (lane) {
            if (lane.ending) {
                return;
            }
            if (lane.queuedBytes > 0 && lane.queuedBytes + size > bufferLimit) {
                String reason = "too slow: more than " + bufferLimit + " bytes waiting";
                endLane(lane, reason);
                return;
            }
            lane.tasks.add(task);
            lane.sizes.add(size);
            lane.queuedBytes += size;
            peakQueuedBytes.accumulateAndGet(lane.queuedBytes, Math::max);
            if (!lane.draining) {
                lane.draining = true;
                start = true;
            }
        }
        if (start) {
            pool.execute(() -> drain(lane));
        }
    }

    private void drain(Lane lane) {
        for (int turn = 0; turn < MESSAGES_PER_TURN; turn++) {
            Runnable next;
            long size;
            synchronized (lane) {
                next = lane.tasks.poll();
                if (next == null) {
                    lane.draining = false;
                    return;
                }
                Long queued = lane.sizes.poll();
                size = queued == null ? 0 : queued;
                lane.writingBytes = size;
                lane.writingSince = System.currentTimeMillis();
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                log.debug("Sending to {} failed", lane.session.getId(), e);
            } finally {
                synchronized (lane) {
                    lane.writingSince = 0;
                    lane.writingBytes = 0;
                    lane.queuedBytes = Math.max(0, lane.queuedBytes - size);
                }
            }
        }
        pool.execute(() -> drain(lane));
    }

    private void dropStalledConnections() {
        long now = System.currentTimeMillis();
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                if (!lane.ending && lane.writingSince > 0 && now - lane.writingSince > sendTimeLimitMillis) {
                    endLane(lane, "too slow: a send took more than " + sendTimeLimitMillis + " ms");
                }
            }
        }
    }

    /** Drops what waits; the goodbye goes out after the write in progress, if the client ever takes it. */
    private void endLane(Lane lane, String reason) {
        lane.ending = true;
        lane.tasks.clear();
        lane.sizes.clear();
        lane.queuedBytes = lane.writingBytes;
        tooSlow.incrementAndGet();
        log.info("Disconnecting {}: {}", lane.session.getId(), reason);
        String message = reason + "; reconnect and resume-from your last position";
        lane.tasks.add(() -> goodbye(lane.session, message));
        lane.sizes.add(0L);
        if (!lane.draining) {
            lane.draining = true;
            pool.execute(() -> drain(lane));
        }
    }

    private static void goodbye(WebSocketSession session, String reason) {
        try {
            session.sendMessage(new TextMessage("ERROR\nmessage:" + reason + "\n\n\u0000"));
        } catch (IOException | IllegalStateException busyOrGone) {
            // another thread is writing, or the connection is closing: the close status says why
        }
        try {
            session.close(CloseStatus.SESSION_NOT_RELIABLE.withReason("too slow"));
        } catch (IOException | IllegalStateException alreadyClosed) {
            log.debug("Closing {} failed", session.getId(), alreadyClosed);
        }
    }

    /** The most bytes any one connection ever had waiting (the message being written included). */
    public long peakQueuedBytes() {
        return peakQueuedBytes.get();
    }

    /** Bytes waiting for all connections now, the messages being written included. */
    public long queuedBytes() {
        long total = 0;
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                total += lane.queuedBytes + lane.writingBytes;
            }
        }
        return total;
    }

    /** Connections disconnected for reading too slowly since start. */
    public int tooSlowDisconnects() {
        return tooSlow.get();
    }

    /** Connections with a lane (open and sent something); back to the number of open ones after clients leave. */
    public int lanes() {
        return lanes.size();
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
        pool.shutdownNow();
    }
}
