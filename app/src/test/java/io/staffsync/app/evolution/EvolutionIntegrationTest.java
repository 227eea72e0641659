package io.staffsync.app.evolution;

import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.springframework.test.context.TestPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The application with both projections split into two segments (a thread each), so that replays are
 * proven with more than one segment. Its own context and database: these tests also store old-shape events,
 * which nobody else should meet.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@StaffSyncIntegrationTest
@TestPropertySource(properties = {
        "axon.eventhandling.processors.staff-directory.mode=tracking",
        "axon.eventhandling.processors.staff-directory.initial-segment-count=2",
        "axon.eventhandling.processors.staff-directory.thread-count=2",
        "axon.eventhandling.processors.staff-conflicts.mode=tracking",
        "axon.eventhandling.processors.staff-conflicts.initial-segment-count=2",
        "axon.eventhandling.processors.staff-conflicts.thread-count=2",
})
@interface EvolutionIntegrationTest {
}
