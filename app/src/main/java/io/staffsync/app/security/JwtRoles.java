package io.staffsync.app.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.List;
import java.util.Locale;

/**
 * Roles travel in the token's {@code roles} claim (e.g. {@code ["editor"]}); the actor is its subject. The
 * authentication carries every role the claimed ones imply, as a configured user's does, so code that looks at
 * authorities (command intake) sees an admin as an editor too.
 */
final class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    static final String CLAIM = "roles";

    private final RoleHierarchy hierarchy;

    JwtRoles(RoleHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList(CLAIM);
        List<GrantedAuthority> claimed = (roles == null ? List.<String>of() : roles).stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)))
                .toList();
        return new JwtAuthenticationToken(jwt, hierarchy.getReachableGrantedAuthorities(claimed), jwt.getSubject());
    }
}
