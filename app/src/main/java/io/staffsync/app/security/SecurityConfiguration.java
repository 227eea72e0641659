package io.staffsync.app.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
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

/**
 * HTTP: stateless; a bearer JWT ({@code Authorization: Bearer}) or, for configured users, HTTP Basic; no cookies,
 * so no CSRF exposure. WebSocket: the handshake is open and the STOMP CONNECT frame authenticates (see
 * StompAuthenticationInterceptor) with the same two mechanisms. Whether a user may change records is decided
 * at command intake (role EDITOR), which answers in the command protocol rather than with a bare 403.
 * <p>
 * JWTs are verified by a real issuer when {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (or
 * {@code jwk-set-uri}) is set, and otherwise by the development issuer's key.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new TokensInUrlsRefused(), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/ws", "/ws/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/", "/index.html", "/assets/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt
                        .decoder(jwtDecoder).jwtAuthenticationConverter(new JwtRoles())))
                .build();
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

    @Bean
    UserDetailsService userDetailsService(StaffSyncSecurityProperties properties) {
        List<UserDetails> users = properties.users().stream()
                .map(user -> User.withUsername(user.name())
                        .password(user.password())
                        .roles(user.roles() == null ? new String[0] : user.roles().toArray(String[]::new))
                        .build())
                .map(UserDetails.class::cast)
                .toList();
        return new InMemoryUserDetailsManager(users);
    }

    /** Checks passwords of configured users and bearer tokens; used by STOMP CONNECT. */
    @Bean
    AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder passwordEncoder,
                                                JwtDecoder jwtDecoder) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(passwordEncoder);
        passwords.setUserDetailsService(users);
        JwtAuthenticationProvider tokens = new JwtAuthenticationProvider(jwtDecoder);
        tokens.setJwtAuthenticationConverter(new JwtRoles());
        return new ProviderManager(passwords, tokens);
    }
}
