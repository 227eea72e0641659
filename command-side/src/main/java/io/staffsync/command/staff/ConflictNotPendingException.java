package io.staffsync.command.staff;

import io.staffsync.api.staff.wire.ErrorCode;

import java.util.UUID;

/** The named conflict is not pending on this staff member (unknown, settled or expired). */
public class ConflictNotPendingException extends StaffCommandRejectedException {

    public ConflictNotPendingException(String staffId, UUID conflictId) {
        super(ErrorCode.CONFLICT_NOT_PENDING, "conflictId",
                "no pending conflict " + conflictId + " on staff member " + staffId);
    }
}
