package io.staffsync.api.staff.conflict;

import java.util.List;
import java.util.UUID;

/**
 * What happened when an update met changes its client had not seen: the strategy used, the versions
 * involved, and each contested field with how it was settled. Recorded on the event, so the history
 * shows every conflict and its settlement. {@code conflictId} names a user-choice conflict.
 */
public record ConflictOutcome(
        ConflictStrategy strategy,
        long basedOnVersion,
        long currentVersion,
        List<FieldConflict> contested,
        UUID conflictId) {

    public ConflictOutcome {
        contested = contested == null ? List.of() : List.copyOf(contested);
    }

    /** A settlement made on the spot (not a user-choice conflict). */
    public ConflictOutcome(ConflictStrategy strategy, long basedOnVersion, long currentVersion,
                           List<FieldConflict> contested) {
        this(strategy, basedOnVersion, currentVersion, contested, null);
    }
}
