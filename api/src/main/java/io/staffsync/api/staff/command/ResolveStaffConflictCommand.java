package io.staffsync.api.staff.command;

import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.FieldChoice;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.Map;
import java.util.UUID;

/**
 * Settles a pending user-choice conflict: a choice for every contested field. {@code expectedVersion} is
 * the version the person decided on; a resolution based on outdated information is itself a conflict.
 */
public record ResolveStaffConflictCommand(
        UUID commandId,
        @TargetAggregateIdentifier String staffId,
        @TargetAggregateVersion long expectedVersion,
        UUID conflictId,
        Map<StaffField, FieldChoice> choices,
        String reason) implements StaffCommand {

    public ResolveStaffConflictCommand {
        choices = choices == null ? Map.of() : Map.copyOf(choices);
    }
}
