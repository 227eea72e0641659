package io.staffsync.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code staffsync.security.*}.
 *
 * @param users     accounts for HTTP Basic and STOMP {@code login}/{@code passcode} (passwords in Spring Security's
 *                  {@code {id}encoded} form: {@code {bcrypt}...}; {@code {noop}} only for development)
 * @param devTokens a development JWT issuer; production points Spring's
 *                  {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} at a real one instead
 */
@ConfigurationProperties("staffsync.security")
public record StaffSyncSecurityProperties(List<User> users, @DefaultValue DevTokens devTokens) {

    public StaffSyncSecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /** Role names: {@code EDITOR} sends commands; {@code VIEWER}, {@code ANALYST}, {@code AUDITOR}, {@code ADMIN}. */
    public record User(String name, String password, List<String> roles) {
    }

    /**
     * @param enabled  serve {@code POST /api/dev/token}, which signs a JWT for a configured user (off by default)
     * @param lifetime how long a development token is valid
     * @param keyFile  a file holding the signing key (JWK JSON), shared by several nodes so that each accepts the
     *                 others' tokens; written by the first node that starts. Unset: a key per process
     */
    public record DevTokens(@DefaultValue("false") boolean enabled, @DefaultValue("1h") Duration lifetime,
                            java.nio.file.Path keyFile) {
    }
}
