package io.staffsync.api.staff.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.UUID;

/** Deactivates a staff member (they leave the active staff; their email becomes free for others). */
public record DeactivateStaffMemberCommand(
        UUID commandId,
        @TargetAggregateIdentifier String staffId,
        @TargetAggregateVersion long expectedVersion,
        String reason) implements StaffCommand {
}
