package io.staffsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import java.lang.reflect.Type;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One STOMP-over-WebSocket connection, as a frontend holds it: CONNECT with login/passcode, SUBSCRIBE to
 * {@code /user/queue/replies} at once, then commands whose replies are matched by {@code commandId}.
 */
final class StompConnection implements AutoCloseable {

    static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    private final WebSocketStompClient client;
    private final StompSession session;
    private final Map<UUID, CompletableFuture<CommandReply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong unmatchedReplies = new AtomicLong();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private StompConnection(WebSocketStompClient client, StompSession session) {
        this.client = client;
        this.session = session;
    }

    static StompConnection open(URI webSocket, String login, String passcode) throws Exception {
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        MappingJackson2MessageConverter json = new MappingJackson2MessageConverter();
        json.setObjectMapper(JSON);
        client.setMessageConverter(new CompositeMessageConverter(List.of(new RawBytes(), json)));
        client.setInboundMessageSizeLimit(1024 * 1024);
        StompHeaders connect = new StompHeaders();
        connect.setLogin(login);
        connect.setPasscode(passcode);
        // this client sends no heartbeats, so it must not offer any: the server would close it as silent
        connect.setHeartbeat(new long[] {0, 0});
        StompConnection[] self = new StompConnection[1];
        StompSession session;
        try {
            session = client.connectAsync(webSocket.toString(), new WebSocketHttpHeaders(), connect,
                    new StompSessionHandlerAdapter() {
                        @Override
                        public void handleException(StompSession s, StompCommand command, StompHeaders headers,
                                                    byte[] payload, Throwable exception) {
                            error("frame handling failed: " + exception);
                        }

                        @Override
                        public void handleTransportError(StompSession s, Throwable exception) {
                            error("transport error: " + exception);
                        }

                        @Override
                        public Type getPayloadType(StompHeaders headers) {
                            return byte[].class;
                        }

                        @Override
                        public void handleFrame(StompHeaders headers, Object payload) {
                            error("ERROR frame: " + headers.getFirst("message"));
                        }

                        private void error(String error) {
                            if (self[0] != null) {
                                self[0].errors.add(error);
                            }
                        }
                    }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.stop();
            throw e;
        }
        StompConnection connection = new StompConnection(client, session);
        self[0] = connection;
        session.subscribe("/user/queue/replies", new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return CommandReply.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                connection.onReply((CommandReply) payload);
            }
        });
        return connection;
    }

    private void onReply(CommandReply reply) {
        CompletableFuture<CommandReply> waiting = reply.commandId() == null ? null : pending.remove(reply.commandId());
        // a reply nobody waits for, or one that came after its command was given up on
        if (waiting == null || !waiting.complete(reply)) {
            unmatchedReplies.incrementAndGet();
        }
    }

    /** Sends a command; the future completes with its one reply. Cancel it to give up waiting. */
    CompletableFuture<CommandReply> send(String destination, StaffCommandRequest request) {
        CompletableFuture<CommandReply> reply = new CompletableFuture<>();
        pending.put(request.commandId(), reply);
        session.send(destination, request);
        return reply;
    }

    /**
     * Subscribes with {@code resume-from}; {@code sink} gets each MESSAGE's headers and raw body on the
     * client's receiving thread, undecoded, so the client spends as little as possible per message.
     */
    void subscribeResuming(String destination, long position, BiConsumer<StompHeaders, byte[]> sink) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.add("resume-from", String.valueOf(position));
        session.subscribe(headers, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders frameHeaders) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders frameHeaders, Object payload) {
                sink.accept(frameHeaders, (byte[]) payload);
            }
        });
    }

    /** Sends a raw body with extra headers (the minimal STOMP server relays it to subscribers as it is). */
    void sendRaw(String destination, byte[] body, Map<String, String> headers) {
        StompHeaders stompHeaders = new StompHeaders();
        stompHeaders.setDestination(destination);
        stompHeaders.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.forEach(stompHeaders::add);
        session.send(stompHeaders, body);
    }

    long unmatchedReplies() {
        return unmatchedReplies.get();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        try {
            if (session.isConnected()) {
                session.disconnect();
            }
        } finally {
            client.stop();
        }
    }

    /** byte[] bodies pass through as they are, whatever their content type. */
    static final class RawBytes extends AbstractMessageConverter {

        RawBytes() {
            super(MimeTypeUtils.ALL);
        }

        @Override
        protected boolean supports(Class<?> clazz) {
            return byte[].class == clazz;
        }

        @Override
        protected boolean supportsMimeType(MessageHeaders headers) {
            return true;
        }

        @Override
        protected Object convertFromInternal(Message<?> message, Class<?> targetClass, Object conversionHint) {
            return message.getPayload();
        }

        @Override
        protected Object convertToInternal(Object payload, MessageHeaders headers, Object conversionHint) {
            return payload;
        }
    }
}
