package io.staffsync.app.websocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHandlingRunnable;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The byte bound of a connection's lane, with a write that never completes until the test says so. */
class OutboundLanesTest {

    private static final int KB = 1024;

    private final OutboundLanes lanes = new OutboundLanes(new WebSocketProperties("/ws", List.of("*"),
            Duration.ofSeconds(10), DataSize.ofKilobytes(64), Duration.ofMinutes(5), DataSize.ofKilobytes(512), 50,
            100, 4, 4));

    @AfterEach
    void stop() {
        lanes.destroy();
    }

    @Test
    void a_connection_whose_lane_would_pass_the_limit_is_cut_off_alone_and_told_why_once_it_reads() throws Exception {
        FakeSession slow = open("slow");
        FakeSession fast = open("fast");
        CountDownLatch stuck = new CountDownLatch(1);
        List<Integer> written = new CopyOnWriteArrayList<>();
        lanes.execute(write("slow", 100 * KB, () -> block(stuck)));
        for (int i = 0; i < 20; i++) {
            int n = i;
            lanes.execute(write("slow", 100 * KB, () -> written.add(n)));
            lanes.execute(write("fast", KB, () -> fast.sent.add(new TextMessage("m" + n))));
        }

        assertThat(lanes.tooSlowDisconnects()).isEqualTo(1);
        assertThat(lanes.peakQueuedBytes()).isLessThanOrEqualTo(512 * KB).isGreaterThan(400 * KB);
        await().atMost(Duration.ofSeconds(10)).until(() -> fast.sent.size() == 20);
        assertThat(fast.closed).isNull();

        stuck.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.closed != null);
        assertThat(written).as("what waited behind the stuck write was dropped").isEmpty();
        assertThat(slow.sent).singleElement().satisfies(error -> assertThat(((TextMessage) error).getPayload())
                .startsWith("ERROR\nmessage:too slow: more than 524288 bytes waiting"));
        assertThat(slow.closed.getCode()).isEqualTo(4500);
        assertThat(slow.closed.getReason()).isEqualTo("too slow");
    }

    private FakeSession open(String id) throws Exception {
        FakeSession session = new FakeSession(id);
        lanes.decorate(new AbstractWebSocketHandler() {
        }).afterConnectionEstablished(session);
        return session;
    }

    private static MessageHandlingRunnable write(String sessionId, int bytes, Runnable writing) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setSessionId(sessionId);
        Message<byte[]> message = MessageBuilder.createMessage(new byte[bytes], headers.getMessageHeaders());
        return new MessageHandlingRunnable() {
            @Override
            public Message<?> getMessage() {
                return message;
            }

            @Override
            public org.springframework.messaging.MessageHandler getMessageHandler() {
                return m -> writing.run();
            }

            @Override
            public void run() {
                writing.run();
            }
        };
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records what is written to it and how it was closed. */
    private static final class FakeSession implements WebSocketSession {
        final String id;
        final List<WebSocketMessage<?>> sent = new CopyOnWriteArrayList<>();
        final Map<String, Object> attributes = new ConcurrentHashMap<>();
        volatile CloseStatus closed;

        FakeSession(String id) {
            this.id = id;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public URI getUri() {
            return URI.create("ws://localhost/ws");
        }

        @Override
        public HttpHeaders getHandshakeHeaders() {
            return new HttpHeaders();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public Principal getPrincipal() {
            return null;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return null;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public String getAcceptedProtocol() {
            return "v12.stomp";
        }

        @Override
        public void setTextMessageSizeLimit(int messageSizeLimit) {
        }

        @Override
        public int getTextMessageSizeLimit() {
            return 0;
        }

        @Override
        public void setBinaryMessageSizeLimit(int messageSizeLimit) {
        }

        @Override
        public int getBinaryMessageSizeLimit() {
            return 0;
        }

        @Override
        public List<WebSocketExtension> getExtensions() {
            return List.of();
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) {
            sent.add(message);
        }

        @Override
        public boolean isOpen() {
            return closed == null;
        }

        @Override
        public void close() {
            close(CloseStatus.NORMAL);
        }

        @Override
        public void close(CloseStatus status) {
            closed = status;
        }
    }
}
