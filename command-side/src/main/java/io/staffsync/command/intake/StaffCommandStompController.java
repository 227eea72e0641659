package io.staffsync.command.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.ResolveConflictRequest;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.stereotype.Controller;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.UUID;

/**
 * STOMP command intake: {@code SEND /app/staff.create|update|deactivate|reactivate} and
 * {@code /app/conflict.resolve}. Each command gets
 * exactly one reply on {@code /user/queue/replies}, delivered to the sending connection only
 * ({@code broadcast = false}), even when the same user is connected several times.
 */
@Controller
class StaffCommandStompController {

    static final String REPLIES = "/queue/replies";

    private final StaffCommandIntake intake;
    private final ObjectMapper objectMapper;

    StaffCommandStompController(StaffCommandIntake intake, ObjectMapper objectMapper) {
        this.intake = intake;
        this.objectMapper = objectMapper;
    }

    @MessageMapping("staff.create")
    @SendToUser(destinations = REPLIES, broadcast = false)
    CommandReply create(@Payload StaffCommandRequest request, Principal user, SimpMessageHeaderAccessor headers) {
        return intake.submit(CommandKind.CREATE, request, requester(user, headers));
    }

    @MessageMapping("staff.update")
    @SendToUser(destinations = REPLIES, broadcast = false)
    CommandReply update(@Payload StaffCommandRequest request, Principal user, SimpMessageHeaderAccessor headers) {
        return intake.submit(CommandKind.UPDATE, request, requester(user, headers));
    }

    @MessageMapping("staff.deactivate")
    @SendToUser(destinations = REPLIES, broadcast = false)
    CommandReply deactivate(@Payload StaffCommandRequest request, Principal user, SimpMessageHeaderAccessor headers) {
        return intake.submit(CommandKind.DEACTIVATE, request, requester(user, headers));
    }

    @MessageMapping("staff.reactivate")
    @SendToUser(destinations = REPLIES, broadcast = false)
    CommandReply reactivate(@Payload StaffCommandRequest request, Principal user, SimpMessageHeaderAccessor headers) {
        return intake.submit(CommandKind.REACTIVATE, request, requester(user, headers));
    }

    @MessageMapping("conflict.resolve")
    @SendToUser(destinations = REPLIES, broadcast = false)
    CommandReply resolve(@Payload ResolveConflictRequest request, Principal user, SimpMessageHeaderAccessor headers) {
        return intake.resolve(request, requester(user, headers));
    }

    /** An unreadable body still gets its one reply, with the commandId if it can be found at all. */
    @MessageExceptionHandler
    @SendToUser(destinations = REPLIES, broadcast = false)
    CommandReply unreadable(Exception failure, Message<?> message) {
        UnreadableBody unreadable = UnreadableBody.of(failure);
        return CommandReply.rejected(commandIdIn(message), null, ErrorCode.MALFORMED, unreadable.message(),
                unreadable.field());
    }

    private static Requester requester(Principal user, SimpMessageHeaderAccessor headers) {
        return Requesters.of(user, "stomp:" + headers.getSessionId());
    }

    private UUID commandIdIn(Message<?> message) {
        try {
            if (message.getPayload() instanceof byte[] body) {
                JsonNode id = objectMapper.readTree(new String(body, StandardCharsets.UTF_8)).path("commandId");
                return id.isTextual() ? UUID.fromString(id.asText()) : null;
            }
        } catch (Exception unreadable) {
            // no commandId to echo: the reply says why the body was refused
        }
        return null;
    }
}
