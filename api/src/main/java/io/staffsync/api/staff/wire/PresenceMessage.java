package io.staffsync.api.staff.wire;

import java.time.Instant;
import java.util.List;

/**
 * Who is looking at one staff member right now (connections subscribed to {@code /topic/staff.{staffId}}) and
 * who says they are editing it, pushed on {@code /topic/staff.{staffId}.presence} whenever that changes.
 * A UI uses it to warn before a conflict happens. Presence is shared by every server node (in PostgreSQL, unlogged) and not kept across restarts.
 */
public record PresenceMessage(String staffId, List<Viewer> viewers) {

    /** One connection viewing the staff member. */
    public record Viewer(String user, String clientId, boolean editing, Instant since) {
    }
}
