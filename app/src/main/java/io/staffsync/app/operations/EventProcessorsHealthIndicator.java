package io.staffsync.app.operations;

import io.staffsync.query.live.ChangeFeed;
import io.staffsync.query.live.EventStoreReader;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code /actuator/health/eventProcessors}: for each streaming processor (and the live change feed), where it
 * stands against the newest stored event, read from the shared token store so that every node reports the
 * same lag whichever node holds the segments. A processor that is stopped or failing here, or trails by more
 * than {@code staffsync.operations.max-processor-lag} events, makes the status {@code DEGRADED}: the node
 * still serves (HTTP 200, a load balancer keeps it), but its read models are stale.
 */
@Component("eventProcessors")
class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "a read model or the live feed is stopped or lagging");

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final ChangeFeed changeFeed;
    private final EventStoreReader store;
    private final OperationsProperties properties;

    EventProcessorsHealthIndicator(EventProcessingConfiguration processing, JdbcTemplate jdbc,
                                   @Qualifier("serializer") Serializer serializer, ChangeFeed changeFeed,
                                   EventStoreReader store, OperationsProperties properties) {
        super("event processor health check failed");
        this.store = store;
        this.processing = processing;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.changeFeed = changeFeed;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        long head = store.maxPosition();
        boolean degraded = false;
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor streaming) {
                Map<String, Object> detail = describe(entry.getKey(), streaming, head);
                degraded |= Boolean.TRUE.equals(detail.remove("degraded"));
                health.withDetail(entry.getKey(), detail);
            }
        }
        long delivered = changeFeed.deliveredPosition();
        long feedLag = delivered < 0 ? head + 1 : Math.max(0, head - delivered);
        boolean feedDegraded = feedLag > properties.maxProcessorLag();
        health.withDetail("live-feed", Map.of("position", delivered, "lag", feedLag));
        health.withDetail("head", head);
        health.status(degraded || feedDegraded ? DEGRADED : Status.UP);
    }

    private Map<String, Object> describe(String name, StreamingEventProcessor processor, long head) {
        Map<String, Object> detail = new LinkedHashMap<>();
        boolean replaying = processor.isReplaying();
        List<Long> positions = jdbc.query("SELECT token_type, token FROM token_entry WHERE processor_name = ?",
                (row, n) -> position(row.getString(1), row.getBytes(2)), name);
        long position = positions.stream().mapToLong(Long::longValue).min().orElse(-1);
        long lag = Math.max(0, head - position);
        Map<Integer, EventTrackerStatus> segmentsHere = processor.processingStatus();
        boolean failing = segmentsHere.values().stream().anyMatch(EventTrackerStatus::isErrorState);
        detail.put("running", processor.isRunning());
        detail.put("replaying", replaying);
        detail.put("segments", positions.size());
        detail.put("segmentsHere", segmentsHere.size());
        detail.put("position", position);
        detail.put("lag", lag);
        if (failing) {
            detail.put("error", "a segment on this node is in error state (see the logs)");
        }
        detail.put("degraded", !processor.isRunning() || failing
                || (!replaying && lag > properties.maxProcessorLag()));
        return detail;
    }

    /** The token's position; -1 for a segment that has not processed anything yet. */
    private long position(String type, byte[] token) {
        if (type == null || token == null) {
            return -1;
        }
        TrackingToken tracking = serializer.deserialize(
                new SimpleSerializedObject<>(token, byte[].class, new SimpleSerializedType(type, null)));
        OptionalLong position = tracking == null ? OptionalLong.empty() : tracking.position();
        return position.orElse(-1);
    }
}
