package io.staffsync.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import java.util.List;
import java.util.Locale;

/**
 * HTTP: stateless; a bearer JWT ({@code Authorization: Bearer}) or, for configured users, HTTP Basic; no cookies,
 * so no CSRF exposure. WebSocket: the handshake is open and the STOMP CONNECT frame authenticates (see
 * StompAuthenticationInterceptor) with the same two mechanisms.
 * <p>
 * Authorization by role, with one {@link RoleHierarchy} for HTTP paths, STOMP destinations and the authorities
 * of every authenticated user (so command intake, which looks for {@code ROLE_EDITOR}, lets an admin in too).
 * No credentials: 401. The wrong role: 403 problem detail. Spring authorizes before it routes, so a path that
 * does not exist yet is still guarded by its rule.
 * <p>
 * JWTs are verified by a real issuer when {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (or
 * {@code jwk-set-uri}) is set, and otherwise by the development issuer's key.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    static RoleHierarchy roleHierarchy() {
        return Roles.hierarchy();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder, RoleHierarchy roleHierarchy,
                                            ObjectMapper json) throws Exception {
        AccessDeniedProblem accessDenied = new AccessDeniedProblem(json);
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new TokensInUrlsRefused(), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(SecurityConfiguration::pathRules)
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(accessDenied))
                .httpBasic(Customizer.withDefaults())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .accessDeniedHandler(accessDenied)
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(new JwtRoles(roleHierarchy))))
                .build();
    }

    /**
     * Who may call what (docs/protocol.md, Roles). The role hierarchy comes from the {@link RoleHierarchy} bean,
     * so {@code hasRole(VIEWER)} admits editors and admins as well. First match wins: specific paths first.
     */
    private static void pathRules(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules
                // an error page renders the outcome of a request that was already authorized (or refused)
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers("/ws", "/ws/**").permitAll()
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                .requestMatchers(HttpMethod.GET, "/", "/index.html", "/assets/**").permitAll()
                .requestMatchers("/actuator/**").hasRole(Roles.ADMIN)
                .requestMatchers("/api/admin/**").hasRole(Roles.ADMIN)
                .requestMatchers("/api/events/**", "/api/audit/**").hasRole(Roles.AUDITOR)
                .requestMatchers("/api/reporting/**").hasRole(Roles.ANALYST)
                .requestMatchers(HttpMethod.GET, "/api/staff/stats").hasRole(Roles.ANALYST)
                .requestMatchers(HttpMethod.GET, "/api/staff/*/history/**", "/api/staff/*/as-of/**")
                .hasAnyRole(Roles.EDITOR, Roles.AUDITOR)
                .requestMatchers(HttpMethod.GET, "/api/staff", "/api/staff/*", "/api/conflicts")
                .hasAnyRole(Roles.VIEWER, Roles.ANALYST, Roles.AUDITOR)
                .requestMatchers(HttpMethod.POST, "/api/staff/**").hasRole(Roles.EDITOR)
                .requestMatchers(HttpMethod.PATCH, "/api/staff/**").hasRole(Roles.EDITOR)
                .anyRequest().authenticated();
    }

    @Bean
    DevTokenIssuer devTokenIssuer(StaffSyncSecurityProperties properties) {
        java.nio.file.Path keyFile = properties.devTokens().keyFile();
        return keyFile == null ? new DevTokenIssuer() : DevTokenIssuer.sharedThrough(keyFile);
    }

    /** The configured issuer's decoder if Spring Boot made one, else the development issuer's. */
    @Bean
    JwtDecoder jwtDecoder(ObjectProvider<org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties> resourceServer,
                          DevTokenIssuer devTokenIssuer) {
        var jwt = resourceServer.getIfAvailable() == null ? null : resourceServer.getIfAvailable().getJwt();
        if (jwt != null && jwt.getIssuerUri() != null) {
            return org.springframework.security.oauth2.jwt.JwtDecoders.fromIssuerLocation(jwt.getIssuerUri());
        }
        if (jwt != null && jwt.getJwkSetUri() != null) {
            return org.springframework.security.oauth2.jwt.NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri()).build();
        }
        return devTokenIssuer.decoder();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The configured users, each holding its roles and every role they imply. Read-only on purpose: handed an
     * {@code InMemoryUserDetailsManager} itself, Spring Security's HTTP Basic login "upgrades" a {@code {noop}}
     * password to bcrypt in memory after its first use, and from then on every STOMP CONNECT with that login paid
     * a bcrypt check (about 100 ms of CPU: 3,000 test connections took minutes). A configured {@code {bcrypt}}
     * password is still checked as bcrypt.
     */
    @Bean
    UserDetailsService userDetailsService(StaffSyncSecurityProperties properties, RoleHierarchy roleHierarchy) {
        List<UserDetails> users = properties.users().stream()
                .map(user -> User.withUsername(user.name())
                        .password(user.password())
                        .authorities(roleHierarchy.getReachableGrantedAuthorities(
                                (user.roles() == null ? List.<String>of() : user.roles()).stream()
                                        .map(role -> new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)))
                                        .toList()))
                        .build())
                .map(UserDetails.class::cast)
                .toList();
        InMemoryUserDetailsManager configured = new InMemoryUserDetailsManager(users);
        return configured::loadUserByUsername;
    }

    /** Checks passwords of configured users and bearer tokens; used by STOMP CONNECT. */
    @Bean
    AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder passwordEncoder,
                                                JwtDecoder jwtDecoder, RoleHierarchy roleHierarchy) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(passwordEncoder);
        passwords.setUserDetailsService(users);
        JwtAuthenticationProvider tokens = new JwtAuthenticationProvider(jwtDecoder);
        tokens.setJwtAuthenticationConverter(new JwtRoles(roleHierarchy));
        return new ProviderManager(passwords, tokens);
    }
}
