package io.staffsync.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;

/** A logged-in user without the role a path needs gets a 403 problem detail, in the API's own error shape. */
final class AccessDeniedProblem implements AccessDeniedHandler {

    private final ObjectMapper json;

    AccessDeniedProblem(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Principal user = request.getUserPrincipal();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "user "
                + (user == null ? "?" : user.getName()) + " may not " + request.getMethod() + " "
                + request.getRequestURI() + ": it needs another role (see docs/protocol.md, Roles)");
        problem.setTitle("FORBIDDEN");
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("code", "FORBIDDEN");
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
