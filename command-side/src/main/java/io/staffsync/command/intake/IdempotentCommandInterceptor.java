package io.staffsync.command.intake;

import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.command.RegisterStaffMemberCommand;
import io.staffsync.api.staff.command.StaffCommand;
import io.staffsync.command.staff.StaffCommandOutcome;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * Makes staff commands idempotent by {@code commandId}. Runs inside the command's unit of work, so the
 * {@code processed_command} row commits or rolls back together with the events: an accepted command is
 * recorded exactly when its events are, and a crash between the two cannot happen. Two concurrent
 * deliveries of one id serialize on the row's primary key; the loser is answered with the winner's outcome.
 */
@Component
class IdempotentCommandInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final JdbcTemplate jdbc;

    IdempotentCommandInterceptor(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (!(unitOfWork.getMessage().getPayload() instanceof StaffCommand command)) {
            return chain.proceed();
        }
        int claimed = jdbc.update("""
                        INSERT INTO processed_command (command_id, command_type, staff_id, actor)
                        VALUES (?, ?, ?, ?) ON CONFLICT (command_id) DO NOTHING""",
                command.commandId(), command.getClass().getSimpleName(), command.staffId(),
                unitOfWork.getMessage().getMetaData().get(StaffMetaData.ACTOR));
        if (claimed == 0) {
            throw new DuplicateCommandException(find(command.commandId()).orElseThrow());
        }
        Object result = chain.proceed();
        long version = result instanceof StaffCommandOutcome outcome ? outcome.version() : 0L;
        if (!(result instanceof StaffCommandOutcome) && !(command instanceof RegisterStaffMemberCommand)) {
            throw new IllegalStateException("unexpected result of " + command + ": " + result);
        }
        jdbc.update("UPDATE processed_command SET version = ? WHERE command_id = ?", version, command.commandId());
        return result;
    }

    Optional<ProcessedCommand> find(UUID commandId) {
        return jdbc.query("SELECT staff_id, version FROM processed_command WHERE command_id = ?",
                (rs, row) -> new ProcessedCommand(commandId, rs.getString(1), rs.getLong(2)), commandId)
                .stream().findFirst();
    }
}
