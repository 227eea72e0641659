package io.staffsync.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code staffsync.security.users}: the accounts that may connect. Passwords use Spring Security's
 * {@code {id}encoded} form ({@code {bcrypt}...}; {@code {noop}} only for development).
 * Role {@code EDITOR} may send commands; every authenticated user may read.
 */
@ConfigurationProperties("staffsync.security")
public record StaffSyncSecurityProperties(List<User> users) {

    public StaffSyncSecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(String name, String password, List<String> roles) {
    }
}
