package io.staffsync.app.faultdata;

import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.HttpTestClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/** Small client-side steps the fault tests share. */
final class Clients {

    private Clients() {
    }

    /** Registers a staff member over HTTP and returns its global position. */
    static long register(HttpTestClient editor, String staffId) {
        HttpTestClient.Response created = editor.post("/api/staff", Map.of("staffId", staffId, "fields",
                registration(staffId)));
        assertThat(created.status()).as("register %s: %s", staffId, created.body()).isEqualTo(201);
        return created.body().path("position").asLong();
    }

    /** Changes about these staff members, until {@code count} arrived or 30 s passed. */
    static List<StaffChangeMessage> changesAbout(BlockingQueue<StaffChangeMessage> queue, Collection<String> staffIds,
                                                 int count) throws InterruptedException {
        List<StaffChangeMessage> about = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (about.size() < count && System.nanoTime() < deadline) {
            StaffChangeMessage message = queue.poll(50, TimeUnit.MILLISECONDS);
            if (message != null && staffIds.contains(message.staffId())) {
                about.add(message);
            }
        }
        return about;
    }
}
