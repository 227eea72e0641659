package io.staffsync.command.intake;

/** The commands a client can send, named as their STOMP destinations ({@code /app/staff.<kind>}). */
enum CommandKind {
    CREATE,
    UPDATE,
    DEACTIVATE,
    REACTIVATE
}
