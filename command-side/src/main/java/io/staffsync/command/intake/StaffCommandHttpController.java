package io.staffsync.command.intake;

import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.ResolveConflictRequest;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.Principal;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP command intake, the same path as STOMP. Versions travel as ETags: {@code If-Match: "3"} is the
 * version the client edited. The idempotency key is the body's {@code commandId} or the
 * {@code Idempotency-Key} header. Failures are RFC 9457 problem details with the matching status.
 */
@RestController
@RequestMapping("/api/staff")
class StaffCommandHttpController {

    private static final Pattern ETAG_VERSION = Pattern.compile("^\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*$");

    private final StaffCommandIntake intake;

    StaffCommandHttpController(StaffCommandIntake intake) {
        this.intake = intake;
    }

    @PostMapping
    ResponseEntity<?> register(@RequestBody StaffCommandRequest body,
                               @RequestHeader(name = "Idempotency-Key", required = false) UUID idempotencyKey,
                               @RequestHeader(name = "X-Client-Id", required = false) String clientId,
                               Principal user) {
        StaffCommandRequest request = new StaffCommandRequest(commandId(body.commandId(), idempotencyKey),
                body.staffId(), null, null, body.fields(), body.reason());
        CommandReply reply = intake.submit(CommandKind.CREATE, request, requester(user, clientId));
        return respond(reply, HttpStatus.CREATED);
    }

    @PatchMapping("/{staffId}")
    ResponseEntity<?> update(@PathVariable String staffId, @RequestBody StaffCommandRequest body,
                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                             @RequestHeader(name = "Idempotency-Key", required = false) UUID idempotencyKey,
                             @RequestHeader(name = "X-Client-Id", required = false) String clientId,
                             Principal user) {
        return versioned(CommandKind.UPDATE, staffId, body, ifMatch, idempotencyKey, clientId, user);
    }

    @PostMapping("/{staffId}/deactivate")
    ResponseEntity<?> deactivate(@PathVariable String staffId, @RequestBody(required = false) StaffCommandRequest body,
                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                 @RequestHeader(name = "Idempotency-Key", required = false) UUID idempotencyKey,
                                 @RequestHeader(name = "X-Client-Id", required = false) String clientId,
                                 Principal user) {
        return versioned(CommandKind.DEACTIVATE, staffId, body, ifMatch, idempotencyKey, clientId, user);
    }

    @PostMapping("/{staffId}/reactivate")
    ResponseEntity<?> reactivate(@PathVariable String staffId, @RequestBody(required = false) StaffCommandRequest body,
                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                 @RequestHeader(name = "Idempotency-Key", required = false) UUID idempotencyKey,
                                 @RequestHeader(name = "X-Client-Id", required = false) String clientId,
                                 Principal user) {
        return versioned(CommandKind.REACTIVATE, staffId, body, ifMatch, idempotencyKey, clientId, user);
    }

    @PostMapping("/{staffId}/conflicts/{conflictId}/resolve")
    ResponseEntity<?> resolve(@PathVariable String staffId, @PathVariable UUID conflictId,
                              @RequestBody ResolveConflictRequest body,
                              @RequestHeader(name = "If-Match", required = false) String ifMatch,
                              @RequestHeader(name = "Idempotency-Key", required = false) UUID idempotencyKey,
                              @RequestHeader(name = "X-Client-Id", required = false) String clientId,
                              Principal user) {
        Long version = ifMatchVersion(ifMatch);
        if (version == null) {
            return problem(ifMatch == null ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.BAD_REQUEST,
                    ErrorCode.MALFORMED, "If-Match", "send If-Match with the version (ETag) you decided on", null);
        }
        ResolveConflictRequest request = new ResolveConflictRequest(commandId(body.commandId(), idempotencyKey),
                staffId, version, conflictId, body.choices(), body.reason());
        return respond(intake.resolve(request, requester(user, clientId)), HttpStatus.OK);
    }

    /** A body Jackson could not read: 400 naming the property at fault, as the intake does for invalid values. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException failure) {
        UnreadableBody unreadable = UnreadableBody.of(failure);
        return problem(HttpStatus.BAD_REQUEST, ErrorCode.MALFORMED, unreadable.field(), unreadable.message(), null);
    }

    private static Long ifMatchVersion(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        Matcher version = ETAG_VERSION.matcher(ifMatch);
        return version.matches() ? Long.parseLong(version.group(1)) : null;
    }

    private ResponseEntity<?> versioned(CommandKind kind, String staffId, StaffCommandRequest body, String ifMatch,
                                        UUID idempotencyKey, String clientId, Principal user) {
        if (ifMatch == null) {
            return problem(HttpStatus.PRECONDITION_REQUIRED, ErrorCode.MALFORMED, "If-Match",
                    "send If-Match with the version (ETag) you edited, e.g. If-Match: \"3\"", null);
        }
        Matcher version = ETAG_VERSION.matcher(ifMatch);
        if (!version.matches()) {
            return problem(HttpStatus.BAD_REQUEST, ErrorCode.MALFORMED, "If-Match",
                    "If-Match must be a single version ETag such as \"3\"", null);
        }
        StaffCommandRequest given = body == null ? new StaffCommandRequest(null, null, null, null, null, null) : body;
        StaffCommandRequest request = new StaffCommandRequest(commandId(given.commandId(), idempotencyKey), staffId,
                Long.parseLong(version.group(1)), given.changes(), null, given.reason(), given.strategy());
        return respond(intake.submit(kind, request, requester(user, clientId)), HttpStatus.OK);
    }

    private static ResponseEntity<?> respond(CommandReply reply, HttpStatus success) {
        return switch (reply.status()) {
            case ACCEPTED -> {
                ResponseEntity.BodyBuilder ok = ResponseEntity.status(success).eTag(etag(reply.version()));
                if (success == HttpStatus.CREATED) {
                    ok.location(URI.create("/api/staff/" + reply.staffId()));
                }
                yield ok.body(reply);
            }
            case DUPLICATE -> ResponseEntity.ok().eTag(etag(reply.version())).body(reply);
            case PENDING_CHOICE -> ResponseEntity.accepted().eTag(etag(reply.version())).body(reply);
            case CONFLICT -> problem(HttpStatus.PRECONDITION_FAILED, reply.error().code(), reply.error().field(),
                    reply.error().message(), reply);
            case REJECTED -> problem(statusOf(reply.error().code()), reply.error().code(), reply.error().field(),
                    reply.error().message(), reply);
        };
    }

    private static HttpStatus statusOf(ErrorCode code) {
        return switch (code) {
            case MALFORMED, INVALID, VERSION_AHEAD -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND, CONFLICT_NOT_PENDING -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, EMAIL_TAKEN, INACTIVE -> HttpStatus.CONFLICT;
            case STALE_VERSION -> HttpStatus.PRECONDITION_FAILED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, ErrorCode code, String field,
                                                         String detail, CommandReply reply) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(code.name());
        problem.setProperty("code", code);
        if (field != null) {
            problem.setProperty("field", field);
        }
        if (reply != null) {
            problem.setProperty("commandId", reply.commandId());
            problem.setProperty("staffId", reply.staffId());
            if (reply.state() != null) {
                problem.setProperty("currentVersion", reply.state().version());
                problem.setProperty("state", reply.state());
            }
            if (reply.conflict() != null) {
                problem.setProperty("conflict", reply.conflict());
            }
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (code == ErrorCode.UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        if (reply != null && reply.state() != null) {
            response.eTag(etag(reply.state().version()));
        }
        return response.body(problem);
    }

    private static String etag(Long version) {
        return "\"" + version + "\"";
    }

    private static UUID commandId(UUID inBody, UUID header) {
        if (inBody != null) {
            return inBody;
        }
        return header != null ? header : UUID.randomUUID();
    }

    private static Requester requester(Principal user, String clientId) {
        return Requesters.of(user, "http:" + (clientId == null ? "anonymous-client" : clientId));
    }
}
