package io.staffsync.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fan-out baseline's writers: SEND the body StaffSync pushed for a change straight to {@code /topic/staff} of
 * the minimal STOMP server, with a {@code position} header of their own numbering, round robin over as many
 * connections as StaffSync's editors had. No reply: every SEND counts as stored.
 */
final class RelayPublisher implements OpenLoop.Publisher, AutoCloseable {

    private final List<StompConnection> connections;
    private final byte[] body;
    private final Map<Long, Long> window = new HashMap<>();
    private long sent;
    private long position;

    private RelayPublisher(List<StompConnection> connections, byte[] body) {
        this.connections = connections;
        this.body = body;
    }

    static RelayPublisher open(URI webSocket, int connections, byte[] body) throws Exception {
        List<StompConnection> opened = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                opened.add(StompConnection.open(webSocket, "bench", "bench"));
            }
        } catch (Exception e) {
            opened.forEach(StompConnection::close);
            throw e;
        }
        return new RelayPublisher(opened, body);
    }

    @Override
    public boolean send(long scheduledNanos, boolean measured) {
        long at = ++position;
        if (measured) {
            window.put(at, scheduledNanos);
        }
        connections.get((int) (sent++ % connections.size())).sendRaw("/topic/staff", body,
                Map.of("position", String.valueOf(at)));
        return true;
    }

    @Override
    public Map<Long, Long> finish() {
        Map<Long, Long> measured = Map.copyOf(window);
        window.clear();
        return measured;
    }

    @Override
    public Map<String, Long> replies() {
        return new TreeMap<>(Map.of("SENT", sent));
    }

    List<String> errors() {
        return connections.stream().flatMap(c -> c.errors().stream()).toList();
    }

    @Override
    public void close() {
        connections.forEach(StompConnection::close);
    }
}
