package io.staffsync.api.staff.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.UUID;

/** Brings a deactivated staff member back into the active staff (their email must still be free). */
public record ReactivateStaffMemberCommand(
        UUID commandId,
        @TargetAggregateIdentifier String staffId,
        @TargetAggregateVersion long expectedVersion,
        String reason) implements StaffCommand {
}
