package io.staffsync.command.intake;

import io.staffsync.api.staff.InvalidFieldValueException;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.command.DeactivateStaffMemberCommand;
import io.staffsync.api.staff.command.ReactivateStaffMemberCommand;
import io.staffsync.api.staff.command.RegisterStaffMemberCommand;
import io.staffsync.api.staff.command.StaffCommand;
import io.staffsync.api.staff.command.ResolveStaffConflictCommand;
import io.staffsync.api.staff.command.UpdateStaffMemberCommand;
import io.staffsync.api.staff.conflict.ChoiceKind;
import io.staffsync.api.staff.conflict.FieldChoice;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.ResolveConflictRequest;
import io.staffsync.api.staff.wire.StaffCommandRequest;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a wire request into a typed command, rejecting what cannot be one: unknown fields, wrong types,
 * missing members. Business rules (ranges, formats, uniqueness) are the aggregate's to judge.
 */
final class StaffCommandTranslator {

    private static final Pattern STAFF_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$");
    private static final int MAX_REASON_LENGTH = 500;

    private StaffCommandTranslator() {
    }

    static StaffCommand translate(CommandKind kind, StaffCommandRequest request, ConflictProperties conflicts,
                                  Instant now) {
        if (request == null) {
            throw new InvalidRequestException(ErrorCode.MALFORMED, null, "the message has no body");
        }
        UUID commandId = request.commandId();
        if (commandId == null) {
            throw new InvalidRequestException(ErrorCode.MALFORMED, "commandId", "commandId (a UUID) is required");
        }
        String reason = reason(request.reason());
        return switch (kind) {
            case CREATE -> new RegisterStaffMemberCommand(commandId,
                    request.staffId() == null ? UUID.randomUUID().toString() : staffId(request.staffId()),
                    details(request.fields()), reason);
            case UPDATE -> new UpdateStaffMemberCommand(commandId, staffId(request.staffId()),
                    expectedVersion(request.expectedVersion()), changes(request.changes()), reason,
                    strategy(request.strategy(), conflicts), conflicts.mergeTieBreak(),
                    now.plus(conflicts.pendingTimeout()), conflicts.expiryFallback());
            case DEACTIVATE -> new DeactivateStaffMemberCommand(commandId, staffId(request.staffId()),
                    expectedVersion(request.expectedVersion()), reason);
            case REACTIVATE -> new ReactivateStaffMemberCommand(commandId, staffId(request.staffId()),
                    expectedVersion(request.expectedVersion()), reason);
        };
    }

    static ResolveStaffConflictCommand translate(ResolveConflictRequest request) {
        if (request == null || request.commandId() == null) {
            throw new InvalidRequestException(ErrorCode.MALFORMED, "commandId", "commandId (a UUID) is required");
        }
        if (request.conflictId() == null) {
            throw new InvalidRequestException(ErrorCode.MALFORMED, "conflictId", "conflictId is required");
        }
        if (request.choices() == null || request.choices().isEmpty()) {
            throw new InvalidRequestException(ErrorCode.MALFORMED, "choices",
                    "choices is required: for each contested field, {\"choice\": \"MINE\"|\"THEIRS\"|\"VALUE\", \"value\": ...}");
        }
        Map<StaffField, FieldChoice> choices = new EnumMap<>(StaffField.class);
        for (Map.Entry<String, FieldChoice> entry : request.choices().entrySet()) {
            try {
                StaffField field = StaffField.fromWireName(entry.getKey());
                FieldChoice choice = entry.getValue();
                if (choice == null || choice.choice() == null) {
                    throw new InvalidFieldValueException(field.wireName(), "choice must be MINE, THEIRS or VALUE");
                }
                choices.put(field, choice.choice() == ChoiceKind.VALUE
                        ? new FieldChoice(ChoiceKind.VALUE, field.normalize(choice.value())) : choice);
            } catch (InvalidFieldValueException e) {
                throw new InvalidRequestException(ErrorCode.INVALID, e.field(), e.getMessage());
            }
        }
        return new ResolveStaffConflictCommand(request.commandId(), staffId(request.staffId()),
                expectedVersion(request.expectedVersion()), request.conflictId(), choices, reason(request.reason()));
    }

    private static ConflictStrategy strategy(ConflictStrategy requested, ConflictProperties conflicts) {
        if (requested == null) {
            return conflicts.defaultStrategy();
        }
        if (requested != conflicts.defaultStrategy() && !conflicts.allowedStrategies().contains(requested)) {
            throw new InvalidRequestException(ErrorCode.INVALID, "strategy", "strategy " + requested
                    + " may not be chosen per command here; allowed: " + conflicts.allowedStrategies());
        }
        return requested;
    }

    private static String staffId(String staffId) {
        if (staffId == null || !STAFF_ID.matcher(staffId).matches()) {
            throw new InvalidRequestException(staffId == null ? ErrorCode.MALFORMED : ErrorCode.INVALID, "staffId",
                    "staffId is required: 1-100 letters, digits and . _ : - (a UUID is best)");
        }
        // these would share a STOMP topic with a department or a presence topic
        if (staffId.startsWith("department.") || staffId.endsWith(".presence")) {
            throw new InvalidRequestException(ErrorCode.INVALID, "staffId",
                    "staffId may not start with 'department.' or end with '.presence'");
        }
        return staffId;
    }

    private static long expectedVersion(Long expectedVersion) {
        if (expectedVersion == null || expectedVersion < 0) {
            throw new InvalidRequestException(ErrorCode.MALFORMED, "expectedVersion",
                    "expectedVersion (the version you last saw, >= 0) is required");
        }
        return expectedVersion;
    }

    private static String reason(String reason) {
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new InvalidRequestException(ErrorCode.INVALID, "reason",
                    "reason must be at most " + MAX_REASON_LENGTH + " characters");
        }
        return reason;
    }

    private static StaffDetails details(Map<String, Object> fields) {
        if (fields == null || fields.isEmpty()) {
            throw new InvalidRequestException(ErrorCode.MALFORMED, "fields",
                    "fields is required: at least firstName, lastName and email");
        }
        StaffDetails details = StaffDetails.EMPTY;
        for (Map.Entry<StaffField, Object> entry : typed(fields).entrySet()) {
            details = entry.getKey().with(details, entry.getValue());
        }
        return details;
    }

    private static Map<StaffField, Object> changes(Map<String, Object> changes) {
        if (changes == null || changes.isEmpty()) {
            throw new InvalidRequestException(ErrorCode.MALFORMED, "changes",
                    "changes is required: an object of field name to new value, naming at least one field");
        }
        return typed(changes);
    }

    /** Resolves field names and converts values to their field's type, so the aggregate sees typed values. */
    private static Map<StaffField, Object> typed(Map<String, Object> raw) {
        Map<StaffField, Object> typed = new EnumMap<>(StaffField.class);
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            try {
                StaffField field = StaffField.fromWireName(entry.getKey());
                typed.put(field, field.normalize(entry.getValue()));
            } catch (InvalidFieldValueException e) {
                throw new InvalidRequestException(ErrorCode.INVALID, e.field(), e.getMessage());
            }
        }
        return typed;
    }
}
