package io.staffsync.query.directory;

import io.staffsync.api.staff.query.FindStaffMemberQuery;
import io.staffsync.api.staff.query.ListStaffMembersQuery;
import io.staffsync.api.staff.query.StaffMemberPage;
import io.staffsync.api.staff.query.StaffMemberView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** Read side of {@code /api/staff}: the directory and single staff members (ETag = version). */
@RestController
@RequestMapping("/api/staff")
class StaffQueryHttpController {

    private final QueryGateway queryGateway;

    StaffQueryHttpController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    @GetMapping
    StaffMemberPage list(@RequestParam(required = false) String department,
                         @RequestParam(required = false) Boolean active,
                         @RequestParam(defaultValue = "0") int page,
                         @RequestParam(defaultValue = "50") int size) throws ExecutionException, InterruptedException {
        ListStaffMembersQuery query = new ListStaffMembersQuery(department, active, page, size);
        return queryGateway.query(query, StaffMemberPage.class).get();
    }

    @GetMapping("/{staffId}")
    ResponseEntity<?> find(@PathVariable String staffId) throws ExecutionException, InterruptedException {
        Optional<StaffMemberView> staffMember = queryGateway.query(new FindStaffMemberQuery(staffId),
                ResponseTypes.optionalInstanceOf(StaffMemberView.class)).get();
        if (staffMember.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "no staff member with id " + staffId);
            problem.setTitle("NOT_FOUND");
            problem.setProperty("code", "NOT_FOUND");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        }
        return ResponseEntity.ok().eTag("\"" + staffMember.get().version() + "\"").body(staffMember.get());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalidQuery(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("INVALID");
        problem.setProperty("code", "INVALID");
        return problem;
    }
}
