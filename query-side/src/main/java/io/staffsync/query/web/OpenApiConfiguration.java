package io.staffsync.query.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and the authentication of the OpenAPI description springdoc serves at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI staffSyncOpenApi() {
        return new OpenAPI()
                .info(new Info().title("StaffSync HTTP API").version("v1").description(
                        "Commands and queries on staff records. Failures are RFC 9457 problem details. Query "
                                + "answers carry the header " + Freshness.HEADER + " (the read model's event-log "
                                + "position) and take minPosition/wait to read your own writes. The STOMP "
                                + "protocol and every rule are in docs/protocol.md."))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
