package io.staffsync.app.fault;

import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.StompTestClient;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real STOMP client that does not wait: it sends commands as fast as the socket takes them and records
 * every reply as it comes, so many commands are in flight at once. It can also follow {@code /topic/staff}
 * (resuming after a position) and keep every change it is pushed, in arrival order.
 */
final class LoadClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final WebSocketStompClient client;
    private final StompSession session;
    private final Map<UUID, CommandReply> replies;
    private final AtomicInteger replyCount;
    private final List<StaffChangeMessage> changes = new CopyOnWriteArrayList<>();
    private final List<CommandReply> repeatedReplies = new CopyOnWriteArrayList<>();
    private final List<String> problems;

    private LoadClient(WebSocketStompClient client, StompSession session, Map<UUID, CommandReply> replies,
                       AtomicInteger replyCount, List<String> problems) {
        this.problems = problems;
        this.client = client;
        this.session = session;
        this.replies = replies;
        this.replyCount = replyCount;
    }

    /**
     * Connects as {@code user} (password = name) and subscribes to its replies. Replies land in
     * {@code replies}, shared by several clients if the caller wants one ledger; {@code replyCount} counts them.
     */
    static LoadClient connect(int port, String user, Map<UUID, CommandReply> replies, AtomicInteger replyCount)
            throws Exception {
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        MappingJackson2MessageConverter json = new MappingJackson2MessageConverter();
        json.setObjectMapper(StompTestClient.JSON);
        client.setMessageConverter(json);
        StompHeaders connect = new StompHeaders();
        connect.setLogin(user);
        connect.setPasscode(user);
        StompSession session;
        List<String> problems = new CopyOnWriteArrayList<>();
        try {
            session = client.connectAsync("ws://localhost:" + port + "/ws", new WebSocketHttpHeaders(), connect,
                    new StompSessionHandlerAdapter() {
                        @Override
                        public Type getPayloadType(StompHeaders headers) {
                            return byte[].class;
                        }

                        @Override
                        public void handleFrame(StompHeaders headers, Object payload) {
                            problems.add("ERROR frame " + headers);
                        }

                        @Override
                        public void handleException(StompSession s, StompCommand command, StompHeaders headers,
                                                    byte[] payload, Throwable exception) {
                            problems.add("failed to handle " + command + " " + headers + ": " + exception);
                        }
                    }).get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            client.stop();
            throw e;
        }
        LoadClient load = new LoadClient(client, session, replies, replyCount, problems);
        session.subscribe("/user/queue/replies", new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return CommandReply.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                CommandReply reply = (CommandReply) payload;
                if (reply.commandId() != null && replies.putIfAbsent(reply.commandId(), reply) != null) {
                    load.repeatedReplies.add(reply);
                }
                replyCount.incrementAndGet();
            }
        });
        return load;
    }

    static LoadClient connect(int port, String user) throws Exception {
        return connect(port, user, new ConcurrentHashMap<>(), new AtomicInteger());
    }

    /**
     * Follows {@code /topic/staff} from after {@code position}: first the changes it missed, from the event
     * store, then live ones.
     */
    void followChanges(long position) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination("/topic/staff");
        headers.add("resume-from", Long.toString(position));
        session.subscribe(headers, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                try {
                    changes.add(StompTestClient.JSON.readValue((byte[]) payload, StaffChangeMessage.class));
                } catch (Exception e) {
                    problems.add("unreadable change at position " + headers.getFirst("position") + ": "
                            + new String((byte[]) payload, java.nio.charset.StandardCharsets.UTF_8) + " (" + e + ")");
                }
            }
        });
    }

    /** Every change pushed to this client, in arrival order. */
    List<StaffChangeMessage> changes() {
        return new ArrayList<>(changes);
    }

    /** Frames this client could not handle (ERROR frames, unreadable messages), for failure messages. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Replies to a command this client had already been answered for (each command gets exactly one). */
    List<CommandReply> repeatedReplies() {
        return List.copyOf(repeatedReplies);
    }

    /** Sends without waiting for the reply. */
    void send(String destination, StaffCommandRequest request) {
        session.send(destination, request);
    }

    /** Sends and waits for this command's reply. */
    CommandReply call(String destination, StaffCommandRequest request, Duration timeout) throws InterruptedException {
        send(destination, request);
        return await(request.commandId(), timeout);
    }

    CommandReply await(UUID commandId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            CommandReply reply = replies.get(commandId);
            if (reply != null) {
                return reply;
            }
            if (!session.isConnected()) {
                return null;
            }
            Thread.sleep(5);
        }
        return null;
    }

    boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public void close() {
        try {
            if (session.isConnected()) {
                session.disconnect();
            }
        } catch (RuntimeException alreadyGone) {
            // the server may be dead
        } finally {
            client.stop();
        }
    }
}
