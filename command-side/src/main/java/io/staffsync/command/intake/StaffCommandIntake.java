package io.staffsync.command.intake;

import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.command.RegisterStaffMemberCommand;
import io.staffsync.api.staff.command.StaffCommand;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.conflict.FieldOutcome;
import io.staffsync.api.staff.wire.ResolveConflictRequest;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.command.staff.StaffCommandOutcome;
import io.staffsync.command.staff.StaleVersionException;
import io.staffsync.command.staff.StaffCommandRejectedException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one path every command takes, whatever transport it came on: translate, dispatch through Axon, and
 * turn the outcome (or the exception) into exactly one {@link CommandReply}. Never throws.
 */
@Service
public class StaffCommandIntake {

    private static final Logger log = LoggerFactory.getLogger(StaffCommandIntake.class);

    private final CommandGateway commandGateway;
    private final EventPositions eventPositions;
    private final ConflictProperties conflicts;
    private final Clock clock;
    private final CommandMetrics metrics;

    StaffCommandIntake(CommandGateway commandGateway, EventPositions eventPositions, ConflictProperties conflicts,
                       CommandMetrics metrics) {
        this.commandGateway = commandGateway;
        this.eventPositions = eventPositions;
        this.conflicts = conflicts;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    CommandReply submit(CommandKind kind, StaffCommandRequest request, Requester requester) {
        long started = System.nanoTime();
        CommandReply reply = translateAndDispatch(kind, request, requester);
        metrics.record(kind.name(), reply, started);
        return reply;
    }

    CommandReply resolve(ResolveConflictRequest request, Requester requester) {
        long started = System.nanoTime();
        CommandReply reply = translateAndDispatch(request, requester);
        metrics.record("RESOLVE", reply, started);
        return reply;
    }

    /** Used by the server itself (expiry): the actor is the system, the connection none. */
    CommandReply submitAsSystem(StaffCommand command) {
        long started = System.nanoTime();
        CommandReply reply = dispatch(command, new Requester("system", "server", true));
        metrics.record("SYSTEM", reply, started);
        return reply;
    }

    private CommandReply translateAndDispatch(CommandKind kind, StaffCommandRequest request, Requester requester) {
        UUID commandId = request == null ? null : request.commandId();
        if (!requester.mayEdit()) {
            return CommandReply.rejected(commandId, request == null ? null : request.staffId(), ErrorCode.FORBIDDEN,
                    "user " + requester.actor() + " may not change staff records (role EDITOR required)", null);
        }
        StaffCommand command;
        try {
            command = StaffCommandTranslator.translate(kind, request, conflicts, clock.instant());
        } catch (InvalidRequestException e) {
            return CommandReply.rejected(commandId, request == null ? null : request.staffId(), e.code(),
                    e.getMessage(), e.field());
        }
        return dispatch(command, requester);
    }

    private CommandReply translateAndDispatch(ResolveConflictRequest request, Requester requester) {
        UUID commandId = request == null ? null : request.commandId();
        String staffId = request == null ? null : request.staffId();
        if (!requester.mayEdit()) {
            return CommandReply.rejected(commandId, staffId, ErrorCode.FORBIDDEN,
                    "user " + requester.actor() + " may not settle conflicts (role EDITOR required)", null);
        }
        try {
            return dispatch(StaffCommandTranslator.translate(request), requester);
        } catch (InvalidRequestException e) {
            return CommandReply.rejected(commandId, staffId, e.code(), e.getMessage(), e.field());
        }
    }

    private CommandReply dispatch(StaffCommand command, Requester requester) {
        MetaData metaData = MetaData.from(Map.of(
                StaffMetaData.ACTOR, requester.actor(),
                StaffMetaData.CLIENT_ID, requester.clientId(),
                StaffMetaData.COMMAND_ID, command.commandId().toString(),
                StaffMetaData.ISSUED_AT, clock.instant().toString()));
        try {
            Object result = sendRetryingStale(command, metaData);
            StaffCommandOutcome outcome = result instanceof StaffCommandOutcome handled
                    ? handled : new StaffCommandOutcome(command.staffId(), 0L, null);
            Long position = eventPositions.positionOf(command.staffId(), outcome.version());
            if (outcome.conflict() != null && outcome.conflict().contested().stream()
                    .anyMatch(field -> field.outcome() == FieldOutcome.PENDING)) {
                return CommandReply.pendingChoice(command.commandId(), command.staffId(), outcome.version(), position,
                        outcome.conflict());
            }
            return CommandReply.accepted(command.commandId(), command.staffId(), outcome.version(), position,
                    outcome.conflict());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(command, e);
        } catch (ExecutionException | CompletionException e) {
            return replyFor(command, e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            return replyFor(command, e);
        }
    }

    /**
     * Sends the command; if it failed only because the staff member this node had in memory was behind the store
     * (another node appended meanwhile), sends it once more. The failed attempt rolled back, taking its
     * idempotency record and the cached staff member with it, so the second attempt loads the current history and
     * the conflict strategy judges the client's version against it, as if the command had arrived a moment later.
     */
    private Object sendRetryingStale(StaffCommand command, MetaData metaData)
            throws InterruptedException, ExecutionException {
        try {
            return commandGateway.send(command, metaData).get();
        } catch (ExecutionException | CompletionException e) {
            if (!behindTheStore(command, e.getCause() == null ? e : e.getCause())) {
                throw e;
            }
            log.debug("command {} met a newer version of staff member {} than this node had; retrying",
                    command.commandId(), command.staffId());
            metrics.retried();
            return commandGateway.send(command, metaData).get();
        }
    }

    /** A lost append race, or a client version ahead of what this node knew: both may be a stale cache entry. */
    private static boolean behindTheStore(StaffCommand command, Throwable failure) {
        Throwable cause = rootBusinessCause(failure);
        if (command instanceof RegisterStaffMemberCommand) {
            return false;
        }
        return cause instanceof ConflictingAggregateVersionException version
                ? version.getExpectedVersion() > version.getActualVersion()
                : cause instanceof ConcurrencyException;
    }

    private CommandReply replyFor(StaffCommand command, Throwable failure) {
        UUID commandId = command.commandId();
        String staffId = command.staffId();
        Throwable cause = rootBusinessCause(failure);
        if (cause instanceof DuplicateCommandException duplicate) {
            ProcessedCommand original = duplicate.original();
            try {
                return CommandReply.duplicate(commandId, original.staffId(), original.version(),
                        eventPositions.positionOf(original.staffId(), original.version()));
            } catch (RuntimeException lookupFailed) {
                return replyFor(command, lookupFailed);
            }
        }
        if (cause instanceof StaleVersionException stale) {
            return CommandReply.conflict(commandId, staffId, stale.current(), stale.getMessage(), stale.conflict());
        }
        if (cause instanceof StaffCommandRejectedException rejected) {
            return CommandReply.rejected(commandId, staffId, rejected.code(), rejected.getMessage(), rejected.field());
        }
        if (cause instanceof AggregateNotFoundException) {
            return CommandReply.rejected(commandId, staffId, ErrorCode.NOT_FOUND,
                    "no staff member with id " + staffId, "staffId");
        }
        if (cause instanceof ConflictingAggregateVersionException version
                && version.getExpectedVersion() > version.getActualVersion()) {
            return CommandReply.rejected(commandId, staffId, ErrorCode.VERSION_AHEAD,
                    "expectedVersion " + version.getExpectedVersion() + " is ahead of the current version "
                            + version.getActualVersion(), "expectedVersion");
        }
        if (cause instanceof AggregateStreamCreationException
                || (cause instanceof ConcurrencyException && command instanceof RegisterStaffMemberCommand)) {
            return CommandReply.rejected(commandId, staffId, ErrorCode.ALREADY_EXISTS,
                    "a staff member with id " + staffId + " already exists", "staffId");
        }
        if (cause instanceof ConcurrencyException) {
            // another node appended the same version first; the client rebases exactly as for a stale version
            return CommandReply.conflict(commandId, staffId, null,
                    "staff member " + staffId + " was changed concurrently; reload it and retry", null);
        }
        if (isDatabaseUnavailable(failure)) {
            log.warn("command {} on staff member {} failed, the database is unavailable: {}", command.commandId(),
                    command.staffId(), describe(failure));
            return CommandReply.rejected(commandId, staffId, ErrorCode.UNAVAILABLE,
                    "the database is unavailable or the connection to it broke, so this command may or may not be"
                            + " stored; retry with the same commandId (a stored command is answered DUPLICATE)", null);
        }
        return failed(command, failure);
    }

    /**
     * A failure to reach PostgreSQL or a connection that broke mid-command: the pool timed out, the driver lost
     * its socket (SQLState class 08), or the server is shutting down or starting (57P01 to 57P03). The command
     * itself is fine, so the client should retry it. Causes and suppressed exceptions both count, since a
     * failed rollback after the first error often carries the error that says why.
     */
    static boolean isDatabaseUnavailable(Throwable failure) {
        return isDatabaseUnavailable(failure, 0);
    }

    private static boolean isDatabaseUnavailable(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof SQLException sql && isConnectionFailure(sql)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (isDatabaseUnavailable(suppressed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(SQLException sql) {
        String state = sql.getSQLState();
        if (state != null) {
            return state.startsWith("08") || state.startsWith("57P");
        }
        // Hikari's proxy of a connection it has already closed as broken (after an SQLState 08 error earlier in
        // the same transaction) fails every later call with this message and no SQLState
        return "Connection is closed".equals(sql.getMessage());
    }

    private static String describe(Throwable failure) {
        StringBuilder causes = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            causes.append(causes.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ")
                    .append(t.getMessage());
        }
        return causes.toString();
    }

    private CommandReply failed(StaffCommand command, Throwable failure) {
        log.error("command {} on staff member {} failed", command.commandId(), command.staffId(), failure);
        return CommandReply.rejected(command.commandId(), command.staffId(), ErrorCode.INTERNAL,
                "the server failed while handling this command; retry with the same commandId (retries are safe)", null);
    }

    /** Axon and Spring may wrap what a handler threw; the outermost exception we know how to explain wins. */
    private static Throwable rootBusinessCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StaffCommandRejectedException || t instanceof DuplicateCommandException
                    || t instanceof AggregateNotFoundException || t instanceof ConflictingAggregateVersionException
                    || t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return failure;
    }
}
