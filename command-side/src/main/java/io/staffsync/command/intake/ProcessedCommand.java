package io.staffsync.command.intake;

import java.util.UUID;

/** The stored outcome of an accepted command: which staff member it touched and the version it left. */
record ProcessedCommand(UUID commandId, String staffId, long version) {
}
