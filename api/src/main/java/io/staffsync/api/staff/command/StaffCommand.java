package io.staffsync.api.staff.command;

import java.util.UUID;

/** A command on one staff member. {@code commandId} is chosen by the client and makes retries safe. */
public sealed interface StaffCommand
        permits RegisterStaffMemberCommand, UpdateStaffMemberCommand, DeactivateStaffMemberCommand,
        ReactivateStaffMemberCommand, ResolveStaffConflictCommand, ExpireStaffConflictCommand {

    UUID commandId();

    String staffId();
}
