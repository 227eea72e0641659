package io.staffsync.bench;

import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * N real STOMP-over-WebSocket connections, each with one subscription, sharing one client. Each delivery is
 * recorded as (position header, receive time) and nothing more, so the client does as little as possible per
 * message: the figures are the server's, not the client's JSON parsing.
 */
final class Subscribers implements AutoCloseable {

    /** Connections being opened at once: enough to be quick, few enough not to look like a SYN flood. */
    private static final int OPENING_AT_ONCE = 32;

    private final WebSocketStompClient client;
    private final List<StompSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Sink> sinks = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile byte[] sample;

    private Subscribers(WebSocketStompClient client) {
        this.client = client;
    }

    /** Opens {@code n} connections and subscribes each to {@code destination}; waits for the CONNECTED frames. */
    static Subscribers open(URI webSocket, String login, String passcode, int n, String destination)
            throws InterruptedException {
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        client.setMessageConverter(new CompositeMessageConverter(List.of(new StompConnection.RawBytes())));
        client.setInboundMessageSizeLimit(1024 * 1024);
        Subscribers subscribers = new Subscribers(client);
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        List<CompletableFuture<StompSession>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            opening.acquire();
            Sink sink = new Sink();
            StompHeaders connect = new StompHeaders();
            connect.setLogin(login);
            connect.setPasscode(passcode);
            connect.setHeartbeat(new long[] {0, 0});
            CompletableFuture<StompSession> future = client.connectAsync(webSocket.toString(),
                    new WebSocketHttpHeaders(), connect, subscribers.handler());
            futures.add(future);
            future.whenComplete((session, failure) -> {
                opening.release();
                if (failure != null) {
                    subscribers.failed.incrementAndGet();
                    subscribers.errors.add("connect failed: " + failure);
                    return;
                }
                subscribers.sessions.add(session);
                subscribers.sinks.add(sink);
                session.subscribe(destination, subscribers.frames(sink));
            });
        }
        for (CompletableFuture<StompSession> future : futures) {
            try {
                future.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // counted in failed by the callback, or still open after a minute
            }
        }
        return subscribers;
    }

    /**
     * Waits until the broker shows {@code expected} subscriptions (in-process servers); an external server's
     * broker cannot be asked, so it gets a fixed grace period instead.
     */
    static boolean awaitRegistered(IntSupplier registered, int expected, Duration timeout) throws InterruptedException {
        if (registered.getAsInt() < 0) {
            Thread.sleep(2000);
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (registered.getAsInt() >= expected) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private StompSessionHandlerAdapter handler() {
        return new StompSessionHandlerAdapter() {
            @Override
            public void handleException(StompSession s, StompCommand command, StompHeaders headers, byte[] payload,
                                        Throwable exception) {
                errors.add("frame handling failed: " + exception);
            }

            @Override
            public void handleTransportError(StompSession s, Throwable exception) {
                errors.add("transport error: " + exception);
            }

            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                errors.add("ERROR frame: " + headers.getFirst("message"));
            }
        };
    }

    private StompFrameHandler frames(Sink sink) {
        return new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                long now = System.nanoTime();
                String position = headers.getFirst("position");
                sink.add(position == null ? -1 : Long.parseLong(position), now);
                if (sample == null && position != null) {
                    sample = (byte[]) payload;
                }
            }
        };
    }

    int connected() {
        return sessions.size();
    }

    int failed() {
        return failed.get();
    }

    List<Sink> sinks() {
        return List.copyOf(sinks);
    }

    /** One body as the server pushed it, for the baseline to send the same bytes. */
    byte[] sample() {
        return sample;
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Forgets what was received so far (the warm-up of another run, for instance). */
    void clear() {
        sinks.forEach(Sink::clear);
    }

    @Override
    public void close() {
        for (StompSession session : sessions) {
            try {
                if (session.isConnected()) {
                    session.disconnect();
                }
            } catch (RuntimeException e) {
                // already gone
            }
        }
        client.stop();
    }

    /** What one subscriber received: positions and receive times, in arrival order. */
    static final class Sink {
        private long[] positions = new long[256];
        private long[] nanos = new long[256];
        private int size;

        synchronized void add(long position, long at) {
            if (size == positions.length) {
                positions = Arrays.copyOf(positions, size * 2);
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            positions[size] = position;
            nanos[size] = at;
            size++;
        }

        synchronized int size() {
            return size;
        }

        synchronized long lastPosition() {
            return size == 0 ? -1 : positions[size - 1];
        }

        synchronized long[][] snapshot() {
            return new long[][] {Arrays.copyOf(positions, size), Arrays.copyOf(nanos, size)};
        }

        synchronized void clear() {
            size = 0;
        }
    }
}
