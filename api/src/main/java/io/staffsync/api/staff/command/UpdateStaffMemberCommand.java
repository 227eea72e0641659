package io.staffsync.api.staff.command;

import io.staffsync.api.staff.StaffField;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.Map;
import java.util.UUID;

/**
 * A patch: only the named fields change, each to the given value ({@code null} clears an optional field).
 * {@code expectedVersion} is the version the client based its edit on.
 */
public record UpdateStaffMemberCommand(
        UUID commandId,
        @TargetAggregateIdentifier String staffId,
        @TargetAggregateVersion long expectedVersion,
        Map<StaffField, Object> changes,
        String reason) implements StaffCommand {
}
