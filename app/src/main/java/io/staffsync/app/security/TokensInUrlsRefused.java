package io.staffsync.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Tokens in URLs end up in logs and browser history: a request carrying one is refused outright. */
final class TokensInUrlsRefused extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getParameter("access_token") != null || request.getParameter("token") != null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"INVALID\",\"status\":400,"
                    + "\"detail\":\"tokens are not accepted in URLs; send Authorization: Bearer <token>\","
                    + "\"code\":\"INVALID\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
