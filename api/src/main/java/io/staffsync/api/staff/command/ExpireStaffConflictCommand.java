package io.staffsync.api.staff.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** Sent by the server when a pending conflict's time is up; a no-op if it was settled meanwhile. */
public record ExpireStaffConflictCommand(
        UUID commandId,
        @TargetAggregateIdentifier String staffId,
        UUID conflictId) implements StaffCommand {
}
