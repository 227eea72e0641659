package io.staffsync.bench;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

import java.net.URI;

/**
 * The transport alone, as the baseline of fan-out and idle connections: the same Tomcat, WebSocket and Spring
 * STOMP simple broker as StaffSync, with the same ordering and buffer limits, but no event store, no
 * authentication, no interceptors. A SEND to {@code /topic/staff} is relayed by the broker to every
 * subscriber, headers and body as they are.
 */
final class MinimalStompServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final URI webSocket;

    private MinimalStompServer(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.webSocket = URI.create("ws://localhost:" + port + "/ws");
    }

    static MinimalStompServer start() {
        return new MinimalStompServer(new SpringApplicationBuilder(Relay.class)
                .web(WebApplicationType.SERVLET)
                // not the app's application.yml: nothing of StaffSync's configuration applies here
                .properties("spring.config.name=staffsync-bench-minimal-stomp", "server.port=0",
                        "server.tomcat.max-connections=30000", "spring.main.banner-mode=off",
                        "logging.level.root=WARN")
                .run());
    }

    URI webSocket() {
        return webSocket;
    }

    int subscribers(String destination) {
        return ServerUnderTest.subscribers(context.getBean(SimpleBrokerMessageHandler.class), destination);
    }

    @Override
    public void close() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class,
            DispatcherServletAutoConfiguration.class, WebSocketServletAutoConfiguration.class})
    @EnableWebSocketMessageBroker
    static class Relay implements WebSocketMessageBrokerConfigurer {

        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.addEndpoint("/ws").setAllowedOriginPatterns("*");
            registry.setPreserveReceiveOrder(true);
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.setApplicationDestinationPrefixes("/app");
            registry.setPreservePublishOrder(true);
            registry.enableSimpleBroker("/topic");
        }

        /** StaffSync's defaults (staffsync.websocket.*), so both servers drop slow readers alike. */
        @Override
        public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
            registration.setMessageSizeLimit(64 * 1024).setSendTimeLimit(10_000).setSendBufferSizeLimit(512 * 1024);
        }
    }
}
