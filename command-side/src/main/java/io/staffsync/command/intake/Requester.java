package io.staffsync.command.intake;

/** Who sent a command ({@code actor}, the authenticated user) and over which connection ({@code clientId}). */
public record Requester(String actor, String clientId, boolean mayEdit) {
}
