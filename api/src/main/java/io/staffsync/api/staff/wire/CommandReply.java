package io.staffsync.api.staff.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.query.StaffMemberView;

import java.util.UUID;

/**
 * Exactly one per command, sent to the sending connection on {@code /user/queue/replies}.
 * {@code position} is the global position of the event that produced {@code version}; {@code state} is
 * present on {@code CONFLICT} (the current staff member the client should rebase on). {@code conflict} is
 * present when the command was stale: each contested field with base/theirs/mine and how it was settled.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandReply(
        UUID commandId,
        CommandStatus status,
        String staffId,
        Long version,
        Long position,
        CommandError error,
        StaffMemberView state,
        ConflictOutcome conflict) {

    public static CommandReply accepted(UUID commandId, String staffId, long version, Long position,
                                        ConflictOutcome conflict) {
        return new CommandReply(commandId, CommandStatus.ACCEPTED, staffId, version, position, null, null, conflict);
    }

    public static CommandReply pendingChoice(UUID commandId, String staffId, long version, Long position,
                                             ConflictOutcome conflict) {
        return new CommandReply(commandId, CommandStatus.PENDING_CHOICE, staffId, version, position, null, null,
                conflict);
    }

    public static CommandReply duplicate(UUID commandId, String staffId, long version, Long position) {
        return new CommandReply(commandId, CommandStatus.DUPLICATE, staffId, version, position, null, null, null);
    }

    public static CommandReply rejected(UUID commandId, String staffId, ErrorCode code, String message,
                                        String field) {
        return new CommandReply(commandId, CommandStatus.REJECTED, staffId, null, null,
                new CommandError(code, message, field), null, null);
    }

    /** {@code current} is the state to rebase on, or null when it is not known (a concurrent append). */
    public static CommandReply conflict(UUID commandId, String staffId, StaffMemberView current, String message,
                                        ConflictOutcome conflict) {
        return new CommandReply(commandId, CommandStatus.CONFLICT, staffId,
                current == null ? null : current.version(), null,
                new CommandError(ErrorCode.STALE_VERSION, message, "expectedVersion"), current, conflict);
    }
}
