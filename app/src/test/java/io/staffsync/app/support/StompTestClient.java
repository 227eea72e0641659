package io.staffsync.app.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real STOMP client over a real WebSocket to the running server, as a frontend would use it. Every client
 * subscribes to its replies on connect; {@link #command} sends a command and waits for its one reply.
 */
public final class StompTestClient implements AutoCloseable {

    public static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final WebSocketStompClient client;
    private final StompSession session;
    /** Replies not yet handed to the test, by commandId and in arrival order; guarded by {@code this}. */
    private final Map<Object, CommandReply> replies = new HashMap<>();
    private final Deque<CommandReply> replyArrivals = new ArrayDeque<>();
    private final Map<BlockingQueue<?>, StompSession.Subscription> subscriptions =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final BlockingQueue<StompHeaders> errorFrames = new LinkedBlockingQueue<>();

    private StompTestClient(WebSocketStompClient client, StompSession session) {
        this.client = client;
        this.session = session;
    }

    public static StompTestClient connect(int port, String login, String passcode) throws Exception {
        StompHeaders connect = new StompHeaders();
        connect.setLogin(login);
        connect.setPasscode(passcode);
        return connect(port, connect);
    }

    /** Connects with a bearer token in the CONNECT frame. */
    public static StompTestClient connectWithToken(int port, String token) throws Exception {
        StompHeaders connect = new StompHeaders();
        connect.add("Authorization", "Bearer " + token);
        return connect(port, connect);
    }

    private static StompTestClient connect(int port, StompHeaders connect) throws Exception {
        StompTestClient[] self = new StompTestClient[1];
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        MappingJackson2MessageConverter json = new MappingJackson2MessageConverter();
        json.setObjectMapper(JSON);
        client.setMessageConverter(new CompositeMessageConverter(List.of(new RawBytes(), json)));
        BlockingQueue<StompHeaders> earlyErrors = new LinkedBlockingQueue<>();
        StompSession session = client.connectAsync("ws://localhost:" + port + "/ws", new WebSocketHttpHeaders(),
                connect, new StompSessionHandlerAdapter() {
                    @Override
                    public void handleException(StompSession s, StompCommand command, StompHeaders headers,
                                                byte[] payload, Throwable exception) {
                        if (self[0] != null) {
                            self[0].errors.add(exception);
                        }
                    }

                    @Override
                    public void handleFrame(StompHeaders headers, Object payload) {
                        earlyErrors.add(headers);
                        if (self[0] != null) {
                            self[0].errorFrames.add(headers);
                        }
                    }

                    @Override
                    public Type getPayloadType(StompHeaders headers) {
                        return byte[].class;
                    }

                    @Override
                    public void handleTransportError(StompSession s, Throwable exception) {
                        if (self[0] != null) {
                            self[0].errors.add(exception);
                        }
                    }
                }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        StompTestClient stomp = new StompTestClient(client, session);
        self[0] = stomp;
        stomp.subscribe("/user/queue/replies", newSubscriptionId(), CommandReply.class, stomp::replyArrived);
        return stomp;
    }

    /**
     * Connects with credentials the server must refuse; returns the ERROR frame's headers, or fails the test
     * if the server accepted the connection or sent no ERROR frame.
     */
    public static StompHeaders refusedConnect(int port, String login, String passcode) throws Exception {
        StompHeaders connect = new StompHeaders();
        connect.setLogin(login);
        connect.setPasscode(passcode);
        return refusedConnect(port, connect);
    }

    /** As {@link #refusedConnect(int, String, String)}, with a bearer token. */
    public static StompHeaders refusedConnectWithToken(int port, String token) throws Exception {
        StompHeaders connect = new StompHeaders();
        connect.add("Authorization", "Bearer " + token);
        return refusedConnect(port, connect);
    }

    private static StompHeaders refusedConnect(int port, StompHeaders connect) throws Exception {
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        BlockingQueue<StompHeaders> errorFrames = new LinkedBlockingQueue<>();
        try {
            var connecting = client.connectAsync("ws://localhost:" + port + "/ws", new WebSocketHttpHeaders(), connect,
                    new StompSessionHandlerAdapter() {
                        @Override
                        public Type getPayloadType(StompHeaders headers) {
                            return byte[].class;
                        }

                        @Override
                        public void handleFrame(StompHeaders headers, Object payload) {
                            errorFrames.add(headers);
                        }

                        @Override
                        public void afterConnected(StompSession session, StompHeaders connected) {
                            errorFrames.add(new StompHeaders());
                        }
                    });
            StompHeaders error = errorFrames.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (error == null || error.isEmpty()) {
                throw new AssertionError("the server did not refuse the connection with an ERROR frame");
            }
            connecting.cancel(true);
            return error;
        } finally {
            client.stop();
        }
    }

    /** Subscribes and collects every message, in arrival order. */
    public <T> BlockingQueue<T> subscribe(String destination, Class<T> type) {
        return subscribe(destination, newSubscriptionId(), type);
    }

    /**
     * Subscribes under the given id. STOMP lets a client use an id again once it has unsubscribed it; ids should
     * still be unique across clients (as {@link #subscriptionId} explains), so build them from a random part.
     */
    public <T> BlockingQueue<T> subscribe(String destination, String subscriptionId, Class<T> type) {
        BlockingQueue<T> received = new LinkedBlockingQueue<>();
        subscriptions.put(received, subscribe(destination, subscriptionId, type, received::add));
        return received;
    }

    /**
     * Sends UNSUBSCRIBE for the subscription that fills {@code received}, without waiting for the server: like a
     * UI that switches views, the next frame may follow at once. The queue keeps what it already received.
     */
    public void unsubscribe(BlockingQueue<?> received) {
        StompSession.Subscription subscription = subscriptions.remove(received);
        if (subscription == null) {
            throw new IllegalArgumentException("not a queue of this client's current subscriptions");
        }
        subscription.unsubscribe();
    }

    /** Subscribes asking to resume after {@code position}: missed changes first, then live ones. */
    public <T> BlockingQueue<T> subscribeResuming(String destination, long position, Class<T> type) {
        return subscribeWithHeader(destination, "resume-from", String.valueOf(position), type);
    }

    public <T> BlockingQueue<T> subscribeWithHeader(String destination, String header, String value, Class<T> type) {
        return subscribeWithHeader(destination, newSubscriptionId(), header, value, type);
    }

    /** As {@link #subscribeWithHeader(String, String, String, Class)}, under the given subscription id. */
    public <T> BlockingQueue<T> subscribeWithHeader(String destination, String subscriptionId, String header,
                                                    String value, Class<T> type) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setId(subscriptionId);
        headers.add(header, value);
        BlockingQueue<T> received = new LinkedBlockingQueue<>();
        subscriptions.put(received, session.subscribe(headers, handler(type, received::add)));
        return received;
    }

    /**
     * The id of the subscription that fills {@code received} (a queue returned by one of the subscribe methods).
     * Ids are unique across clients, so a test can find its own subscription among everyone's in the broker
     * ({@link BrokerSubscriptions#awaitSubscription}).
     */
    public String subscriptionId(BlockingQueue<?> received) {
        StompSession.Subscription subscription = subscriptions.get(received);
        if (subscription == null) {
            throw new IllegalArgumentException("not a queue of this client's current subscriptions");
        }
        return subscription.getSubscriptionId();
    }

    private static String newSubscriptionId() {
        return "test-" + UUID.randomUUID();
    }

    private <T> StompFrameHandler handler(Class<T> type, java.util.function.Consumer<T> sink) {
        return new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return type;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                sink.accept(type.cast(payload));
            }
        };
    }

    private <T> StompSession.Subscription subscribe(String destination, String subscriptionId, Class<T> type,
                                                    java.util.function.Consumer<T> sink) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setId(subscriptionId);
        return session.subscribe(headers, handler(type, sink));
    }

    private synchronized void replyArrived(CommandReply reply) {
        replies.put(reply.commandId() == null ? "no-id-" + System.nanoTime() : reply.commandId(), reply);
        replyArrivals.add(reply);
        notifyAll();
    }

    /** Sends a command and waits for its reply (matched by commandId). */
    public CommandReply command(String destination, StaffCommandRequest request) throws InterruptedException {
        session.send(destination, request);
        return awaitReply(request.commandId());
    }

    /** Sends a conflict resolution and waits for its reply. */
    public CommandReply command(String destination, io.staffsync.api.staff.wire.ResolveConflictRequest request)
            throws InterruptedException {
        session.send(destination, request);
        return awaitReply(request.commandId());
    }

    /** Waits for the reply to this command; it is then handed out once only, by neither method again. */
    public synchronized CommandReply awaitReply(Object commandId) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        CommandReply reply;
        while ((reply = replies.remove(commandId)) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no reply to command " + commandId + " within " + TIMEOUT + "; errors: "
                        + errors);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        removeArrival(reply);
        return reply;
    }

    /** Sends any JSON body to an application destination (no reply expected). */
    public void send(String destination, Object body) {
        session.send(destination, body);
    }

    /** Sends raw bytes (for malformed input) with a JSON content type. */
    public void sendRaw(String destination, String body) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
        session.send(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The next reply of any command not yet handed out, in arrival order. */
    public synchronized CommandReply nextReply() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        CommandReply reply;
        while ((reply = replyArrivals.poll()) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no reply within " + TIMEOUT + "; errors: " + errors);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        CommandReply handedOut = reply;
        replies.values().removeIf(stored -> stored == handedOut);
        return reply;
    }

    /** Removes this very reply (not an equal one) from the arrivals. */
    private void removeArrival(CommandReply reply) {
        replyArrivals.removeIf(arrived -> arrived == reply);
    }

    /** Sends byte[] bodies as they are, whatever the content type, so tests can send malformed input. */
    private static final class RawBytes extends AbstractMessageConverter {

        RawBytes() {
            super(org.springframework.util.MimeTypeUtils.ALL);
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
        protected Object convertFromInternal(org.springframework.messaging.Message<?> message, Class<?> targetClass,
                                             Object conversionHint) {
            return message.getPayload();
        }

        @Override
        protected Object convertToInternal(Object payload, MessageHeaders headers, Object conversionHint) {
            return payload;
        }
    }

    /** The next ERROR frame the server sent on this connection, or null if none came within {@code millis}. */
    public StompHeaders awaitErrorFrame(long millis) throws InterruptedException {
        return errorFrames.poll(millis, TimeUnit.MILLISECONDS);
    }

    public boolean isConnected() {
        return session.isConnected();
    }

    /** Disconnects; closing again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (session.isConnected()) {
                session.disconnect();
            }
        } finally {
            client.stop();
        }
    }
}
