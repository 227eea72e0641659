package io.staffsync.api.staff;

/**
 * Metadata keys carried by every staff command and copied onto every event it causes, so that each stored
 * event says who changed what, from which connection, through which command, and when it was asked for.
 */
public final class StaffMetaData {

    /** The authenticated user who issued the command. */
    public static final String ACTOR = "actor";
    /** The connection (STOMP session, or HTTP client) the command arrived on. */
    public static final String CLIENT_ID = "clientId";
    /** The client-chosen command id (UUID), the idempotency key. */
    public static final String COMMAND_ID = "commandId";
    /** When the server received the command (ISO-8601 instant). */
    public static final String ISSUED_AT = "issuedAt";

    private StaffMetaData() {
    }
}
