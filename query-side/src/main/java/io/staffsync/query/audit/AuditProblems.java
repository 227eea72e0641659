package io.staffsync.query.audit;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The audit API's failures as RFC 9457 problem details, shaped like the rest of the API's. */
@RestControllerAdvice(basePackageClasses = AuditProblems.class)
class AuditProblems {

    @ExceptionHandler(AuditRequestException.class)
    ResponseEntity<ProblemDetail> problem(AuditRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.code());
        problem.setProperty("code", e.code());
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        return ResponseEntity.status(e.status()).body(problem);
    }
}
