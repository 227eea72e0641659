package io.staffsync.query.conflicts;

import io.staffsync.api.staff.query.FindConflictsQuery;
import io.staffsync.api.staff.query.StaffConflictView;
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

/** {@code GET /api/conflicts?status=pending&staffId=&limit=}: user-choice conflicts, newest first. */
@RestController
@RequestMapping("/api/conflicts")
class StaffConflictHttpController {

    private static final Set<String> STATUSES = Set.of("PENDING", "RESOLVED", "EXPIRED");

    private final QueryGateway queryGateway;

    StaffConflictHttpController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    @GetMapping
    ResponseEntity<?> list(@RequestParam(required = false) String status,
                           @RequestParam(required = false) String staffId,
                           @RequestParam(defaultValue = "100") int limit) throws ExecutionException, InterruptedException {
        String normalized = status == null ? null : status.toUpperCase(Locale.ROOT);
        if (normalized != null && !STATUSES.contains(normalized)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "status must be one of pending, resolved, expired");
            problem.setProperty("code", "INVALID");
            problem.setProperty("field", "status");
            return ResponseEntity.badRequest().body(problem);
        }
        List<StaffConflictView> conflicts = queryGateway.query(new FindConflictsQuery(normalized, staffId, limit),
                ResponseTypes.multipleInstancesOf(StaffConflictView.class)).get();
        return ResponseEntity.ok(conflicts);
    }
}
