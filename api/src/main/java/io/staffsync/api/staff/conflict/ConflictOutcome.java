package io.staffsync.api.staff.conflict;

import java.util.List;

/**
 * What happened when an update met changes its client had not seen: the strategy used, the versions
 * involved, and each contested field with how it was settled. Recorded on the event, so the history
 * shows every conflict and its settlement.
 */
public record ConflictOutcome(
        ConflictStrategy strategy,
        long basedOnVersion,
        long currentVersion,
        List<FieldConflict> contested) {

    public ConflictOutcome {
        contested = contested == null ? List.of() : List.copyOf(contested);
    }
}
