package io.staffsync.command.intake;

/** The command id was handled before; nothing new is stored and the client gets the original outcome. */
class DuplicateCommandException extends RuntimeException {

    private final transient ProcessedCommand original;

    DuplicateCommandException(ProcessedCommand original) {
        super("command " + original.commandId() + " was already handled");
        this.original = original;
    }

    ProcessedCommand original() {
        return original;
    }
}
