package io.staffsync.api.staff.command;

import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.MergeTieBreak;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A patch: only the named fields change, each to the given value ({@code null} clears an optional field).
 * {@code expectedVersion} is the version the client based its edit on; if it is stale, {@code strategy}
 * (and, for merges, {@code tieBreak}) settle the fields others changed meanwhile. Under USER_CHOICE a
 * pending conflict lasts until {@code choiceDeadline} (null: until settled), then {@code choiceFallback}
 * decides.
 */
public record UpdateStaffMemberCommand(
        UUID commandId,
        @TargetAggregateIdentifier String staffId,
        @TargetAggregateVersion long expectedVersion,
        Map<StaffField, Object> changes,
        String reason,
        ConflictStrategy strategy,
        MergeTieBreak tieBreak,
        Instant choiceDeadline,
        ConflictStrategy choiceFallback) implements StaffCommand {

    public UpdateStaffMemberCommand {
        strategy = strategy == null ? ConflictStrategy.FIRST_WRITER_WINS : strategy;
        tieBreak = tieBreak == null ? MergeTieBreak.KEEP_THEIRS : tieBreak;
        if (choiceFallback == ConflictStrategy.USER_CHOICE) {
            throw new IllegalArgumentException("a pending conflict cannot fall back to USER_CHOICE");
        }
        choiceFallback = choiceFallback == null ? ConflictStrategy.FIRST_WRITER_WINS : choiceFallback;
    }

    /** An update whose user-choice conflicts (if any) never expire. */
    public UpdateStaffMemberCommand(UUID commandId, String staffId, long expectedVersion,
                                    Map<StaffField, Object> changes, String reason, ConflictStrategy strategy,
                                    MergeTieBreak tieBreak) {
        this(commandId, staffId, expectedVersion, changes, reason, strategy, tieBreak, null, null);
    }
}
