package io.staffsync.bench;

import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffCommandRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Editors sending {@code /app/staff.update} on a schedule, round robin over their connections and over a pool
 * of staff members, each with its version tracked from the replies. A staff member with a command in flight is
 * passed over (a second command on it would be stale), so a correct run has no conflicts.
 */
final class StaffPublisher implements OpenLoop.Publisher, AutoCloseable {

    private final List<StompConnection> editors;
    private final List<Staff> staff;
    private final List<CompletableFuture<CommandReply>> inFlight = new ArrayList<>();
    private final Map<Long, Long> window = new ConcurrentHashMap<>();
    private final Map<String, Long> replies = new ConcurrentHashMap<>();
    private int nextEditor;
    private int nextStaff;

    private static final class Staff {
        final String id;
        volatile long version;
        volatile boolean busy;
        volatile int weeklyHours = Fixtures.INITIAL_WEEKLY_HOURS;

        Staff(String id) {
            this.id = id;
        }
    }

    private StaffPublisher(List<StompConnection> editors, List<Staff> staff) {
        this.editors = editors;
        this.staff = staff;
    }

    /** Opens the editors' connections and creates the staff members they will update. */
    static StaffPublisher create(ServerUnderTest server, BenchOptions options, String prefix, int connections,
                                 int staffCount) throws Exception {
        List<StompConnection> editors = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                editors.add(StompConnection.open(server.webSocket(), options.login(), options.passcode()));
            }
            List<Staff> staff = new ArrayList<>();
            List<CompletableFuture<CommandReply>> created = new ArrayList<>();
            for (int s = 0; s < staffCount; s++) {
                Staff member = new Staff(prefix + s);
                staff.add(member);
                created.add(editors.get(s % connections).send("/app/staff.create", new StaffCommandRequest(
                        UUID.randomUUID(), member.id, null, null, Fixtures.registration(member.id), null)));
            }
            for (int s = 0; s < staffCount; s++) {
                CommandReply reply = created.get(s).get(WriteScenario.REPLY_TIMEOUT_SECONDS * 4, TimeUnit.SECONDS);
                if (reply.status() != CommandStatus.ACCEPTED) {
                    throw new IllegalStateException("could not create " + staff.get(s).id + ": " + reply);
                }
                staff.get(s).version = reply.version();
            }
            return new StaffPublisher(editors, staff);
        } catch (Exception e) {
            editors.forEach(StompConnection::close);
            throw e;
        }
    }

    @Override
    public boolean send(long scheduledNanos, boolean measured) {
        Staff member = null;
        for (int tries = 0; tries < staff.size(); tries++) {
            Staff candidate = staff.get(nextStaff++ % staff.size());
            if (!candidate.busy) {
                member = candidate;
                break;
            }
        }
        if (member == null) {
            replies.merge("SKIPPED", 1L, Long::sum);
            return false;
        }
        Staff target = member;
        target.busy = true;
        int hours = (target.weeklyHours + 1) % (Fixtures.MAX_WEEKLY_HOURS + 1);
        CompletableFuture<CommandReply> reply = editors.get(nextEditor++ % editors.size()).send("/app/staff.update",
                new StaffCommandRequest(UUID.randomUUID(), target.id, target.version, Map.of("weeklyHours", hours),
                        null, null));
        inFlight.add(reply.whenComplete((r, failure) -> {
            if (r == null) {
                return;
            }
            replies.merge(r.status().name(), 1L, Long::sum);
            if (r.status() == CommandStatus.ACCEPTED) {
                target.version = r.version();
                target.weeklyHours = hours;
                if (measured && r.position() != null) {
                    window.put(r.position(), scheduledNanos);
                }
            } else if (r.state() != null) {
                target.version = r.state().version();
                target.weeklyHours = r.state().weeklyHours() == null ? 0 : r.state().weeklyHours();
            }
            target.busy = false;
        }));
        return true;
    }

    @Override
    public Map<Long, Long> finish() throws InterruptedException {
        for (CompletableFuture<CommandReply> reply : inFlight) {
            try {
                reply.get(WriteScenario.REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                replies.merge(ClosedLoop.NO_REPLY, 1L, Long::sum);
            } catch (Exception e) {
                replies.merge(ClosedLoop.FAILED, 1L, Long::sum);
            }
        }
        inFlight.clear();
        staff.forEach(member -> member.busy = false);
        Map<Long, Long> measured = Map.copyOf(window);
        window.clear();
        return measured;
    }

    @Override
    public Map<String, Long> replies() {
        Map<String, Long> copy = new TreeMap<>(replies);
        replies.clear();
        return copy;
    }

    long unmatchedReplies() {
        return editors.stream().mapToLong(StompConnection::unmatchedReplies).sum();
    }

    List<String> errors() {
        return editors.stream().flatMap(e -> e.errors().stream()).toList();
    }

    @Override
    public void close() {
        editors.forEach(StompConnection::close);
    }
}
