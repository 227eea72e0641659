package io.staffsync.query.conflicts;

import io.staffsync.api.staff.query.FindConflictsQuery;
import io.staffsync.api.staff.query.StaffConflictView;
import io.staffsync.query.web.Freshness;
import io.staffsync.query.web.FreshnessDocs;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * {@code GET /api/conflicts?status=pending&staffId=&limit=}: user-choice conflicts, newest first, with the
 * conflicts projection's position ({@link Freshness}).
 */
@RestController
@RequestMapping("/api/conflicts")
class StaffConflictHttpController {

    private static final Set<String> STATUSES = Set.of("PENDING", "RESOLVED", "EXPIRED");

    private final QueryGateway queryGateway;
    private final Freshness freshness;

    StaffConflictHttpController(QueryGateway queryGateway, Freshness freshness) {
        this.queryGateway = queryGateway;
        this.freshness = freshness;
    }

    @GetMapping
    ResponseEntity<?> list(@RequestParam(required = false) String status,
                           @RequestParam(required = false) String staffId,
                           @RequestParam(defaultValue = "100") int limit,
                           @Parameter(description = FreshnessDocs.MIN_POSITION,
                                   schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                           @RequestParam(name = Freshness.MIN_POSITION, required = false) String minPosition,
                           @Parameter(description = FreshnessDocs.WAIT, schema = @Schema(type = "string"))
                           @RequestParam(name = Freshness.WAIT, required = false) String wait) throws ExecutionException, InterruptedException {
        String normalized = status == null ? null : status.toUpperCase(Locale.ROOT);
        if (normalized != null && !STATUSES.contains(normalized)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "status must be one of pending, resolved, expired");
            problem.setProperty("code", "INVALID");
            problem.setProperty("field", "status");
            return ResponseEntity.badRequest().body(problem);
        }
        long position = freshness.await(StaffConflictProjection.PROCESSING_GROUP, minPosition, wait);
        List<StaffConflictView> conflicts = queryGateway.query(new FindConflictsQuery(normalized, staffId, limit),
                ResponseTypes.multipleInstancesOf(StaffConflictView.class)).get();
        return Freshness.withPosition(ResponseEntity.ok(), position, conflicts);
    }
}
