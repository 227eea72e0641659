package io.staffsync.app.evolution;

import io.staffsync.api.staff.event.StaffMemberEvent;
import io.staffsync.query.directory.StaffDirectoryProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A handler in the directory's processing group that holds a replay at one staff member's events until the test
 * opens it, so that the replay's progress can be read while it is under way. Live processing is never held. Not a
 * Spring component on purpose: only a test that passes it as a source gets it.
 */
@ProcessingGroup(StaffDirectoryProjection.PROCESSING_GROUP)
public class ReplayGate {

    private static volatile String gated;
    private static volatile CountDownLatch open = new CountDownLatch(0);

    static void closeAt(String staffId) {
        open = new CountDownLatch(1);
        gated = staffId;
    }

    static void open() {
        gated = null;
        open.countDown();
    }

    @EventHandler
    void on(StaffMemberEvent event, ReplayStatus status) throws InterruptedException {
        if (status.isReplay() && event.staffId().equals(gated)) {
            // bounded, so a test that fails before opening the gate does not hang the processor for good
            open.await(2, TimeUnit.MINUTES);
        }
    }
}
