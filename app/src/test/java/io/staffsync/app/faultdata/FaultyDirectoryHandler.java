package io.staffsync.app.faultdata;

import io.staffsync.api.staff.event.StaffMemberEvent;
import io.staffsync.query.directory.StaffDirectoryProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault in the directory's processing group: a handler, run before the projection in the same unit of work,
 * that throws on every event of the staff members it is told to (as a bug or a bad record would), until cured.
 * Not a Spring component on purpose: only a test that passes it as a source gets it.
 */
@ProcessingGroup(StaffDirectoryProjection.PROCESSING_GROUP)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class FaultyDirectoryHandler {

    static final String CAUSE = "injected fault: cannot apply events of this staff member";
    private static final Set<String> POISONED = ConcurrentHashMap.newKeySet();

    static void poison(String staffId) {
        POISONED.add(staffId);
    }

    static void cure(String staffId) {
        POISONED.remove(staffId);
    }

    @EventHandler
    void on(StaffMemberEvent event) {
        if (POISONED.contains(event.staffId())) {
            throw new IllegalStateException(CAUSE + " (" + event.staffId() + ")");
        }
    }
}
