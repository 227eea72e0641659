package io.staffsync.query.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Problem details (RFC 9457) for the query API's own failures, whichever controller raised them. */
@RestControllerAdvice
public class QueryProblems {

    @ExceptionHandler(InvalidQueryParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidQueryParameterException e) {
        return ResponseEntity.badRequest().body(invalid(e.parameter(), e.getMessage()));
    }

    /** 503 with Retry-After: the read model is behind, which is temporary; the client may ask again. */
    @ExceptionHandler(ProjectionBehindException.class)
    ResponseEntity<ProblemDetail> projectionBehind(ProjectionBehindException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("PROJECTION_BEHIND");
        problem.setProperty("code", "PROJECTION_BEHIND");
        problem.setProperty("field", Freshness.MIN_POSITION);
        problem.setProperty("minPosition", e.wanted());
        problem.setProperty("position", e.position());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .header(Freshness.HEADER, Long.toString(e.position()))
                .body(problem);
    }

    /** The 400 of an unusable query parameter: {@code code} INVALID, {@code field} the parameter's name. */
    public static ProblemDetail invalid(String parameter, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("INVALID");
        problem.setProperty("code", "INVALID");
        problem.setProperty("field", parameter);
        return problem;
    }
}
