package io.staffsync.api.staff.command;

import io.staffsync.api.staff.StaffDetails;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** Registers a new staff member; the first version of a staff member is 0. */
public record RegisterStaffMemberCommand(
        UUID commandId,
        @TargetAggregateIdentifier String staffId,
        StaffDetails details,
        String reason) implements StaffCommand {
}
