package io.staffsync.app.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/dev/token} (HTTP Basic as a configured user): a development JWT carrying that user's roles.
 * Exists only with {@code staffsync.security.dev-tokens.enabled=true}.
 */
@RestController
@ConditionalOnProperty(prefix = "staffsync.security.dev-tokens", name = "enabled", havingValue = "true")
class DevTokenController {

    private final DevTokenIssuer issuer;
    private final StaffSyncSecurityProperties properties;

    DevTokenController(DevTokenIssuer issuer, StaffSyncSecurityProperties properties) {
        this.issuer = issuer;
        this.properties = properties;
    }

    record DevToken(String token, Instant expiresAt) {
    }

    @PostMapping("/api/dev/token")
    ResponseEntity<?> issue(Authentication user) {
        if (!(user instanceof UsernamePasswordAuthenticationToken)) {
            // a token must not renew itself forever: only a configured user's password gets a new one
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ProblemDetail.forStatusAndDetail(
                    HttpStatus.FORBIDDEN, "log in with HTTP Basic as a configured user to get a development token"));
        }
        // the roles as configured: the implied ones follow from the hierarchy wherever the token is checked
        List<String> roles = properties.users().stream().filter(configured -> configured.name().equals(user.getName()))
                .findFirst().map(StaffSyncSecurityProperties.User::roles).orElse(List.of());
        return ResponseEntity.ok(new DevToken(issuer.issue(user.getName(), roles, properties.devTokens().lifetime()),
                Instant.now().plus(properties.devTokens().lifetime())));
    }
}
