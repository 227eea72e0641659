package io.staffsync.app.websocket;

import io.staffsync.query.live.CatchUpOutboundInterceptor;
import io.staffsync.query.live.PresenceInterceptor;
import io.staffsync.query.live.ResumeSubscriptionInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP 1.2 over a native WebSocket. Order matters twice: frames from one connection are handled in the
 * order they arrived (a client's SUBSCRIBE takes effect before its next SEND), and messages to one
 * connection leave in the order they were published (changes arrive in position order). The second is the
 * outbound executor's job ({@link OutboundLanes}), which also bounds what waits for each connection.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class WebSocketConfiguration implements WebSocketMessageBrokerConfigurer {

    private final WebSocketProperties properties;
    private final StompAuthenticationInterceptor authentication;
    private final ContentLengthRule contentLength;
    private final ResumeSubscriptionInterceptor resumeSubscriptions;
    private final CatchUpOutboundInterceptor catchUps;
    private final PresenceInterceptor presence;
    private final HeartbeatWatchdog heartbeats;
    private final OutboundLanes outboundLanes;
    private TaskScheduler brokerScheduler;

    WebSocketConfiguration(WebSocketProperties properties, StompAuthenticationInterceptor authentication,
                           ContentLengthRule contentLength, ResumeSubscriptionInterceptor resumeSubscriptions,
                           CatchUpOutboundInterceptor catchUps, PresenceInterceptor presence,
                           HeartbeatWatchdog heartbeats) {
        this.properties = properties;
        this.authentication = authentication;
        this.contentLength = contentLength;
        this.resumeSubscriptions = resumeSubscriptions;
        this.catchUps = catchUps;
        this.presence = presence;
        this.heartbeats = heartbeats;
        this.outboundLanes = new OutboundLanes(properties);
    }

    /** Spring's own broker scheduler, lazily: it is defined by the configuration this class customizes. */
    @Autowired
    void setBrokerScheduler(@Lazy TaskScheduler messageBrokerTaskScheduler) {
        this.brokerScheduler = messageBrokerTaskScheduler;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint(properties.endpoint())
                .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
        registry.setPreserveReceiveOrder(true);
        registry.setErrorHandler(new StompErrorFrames());
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        long heartbeatMillis = properties.heartbeat().toMillis();
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
        // not Spring's per-session ordering: it queues without bound behind a client that stopped reading
        registry.setPreservePublishOrder(false);
        registry.enableSimpleBroker("/topic", "/queue")
                .setHeartbeatValue(new long[] {heartbeatMillis, heartbeatMillis})
                .setTaskScheduler(brokerScheduler);
    }

    /**
     * Bounds per connection: an oversized frame closes its connection (the frame may arrive in pieces, see
     * {@link PartialMessages}, and the STOMP decoder counts them all); a client that stops reading is
     * disconnected alone once its queue or send time passes the limit (it can come back with resume-from);
     * a client that sends faster than its budget is disconnected alone; a silent one after two missed heartbeats.
     */
    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit((int) properties.messageSizeLimit().toBytes())
                .setSendTimeLimit((int) properties.sendTimeLimit().toMillis())
                .setSendBufferSizeLimit((int) properties.sendBufferLimit().toBytes())
                .addDecoratorFactory(PartialMessages::new)
                .addDecoratorFactory(handler -> new InboundRateLimit(handler, properties))
                .addDecoratorFactory(heartbeats::decorate)
                .addDecoratorFactory(outboundLanes::decorate);
    }

    /** Authentication first: nothing else looks at a frame from an unauthenticated connection. Then framing. */
    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        if (properties.inboundThreads() > 0) {
            registration.taskExecutor().corePoolSize(properties.inboundThreads())
                    .maxPoolSize(properties.inboundThreads());
        }
        registration.interceptors(authentication, contentLength, resumeSubscriptions, presence);
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.executor(outboundLanes).interceptors(catchUps);
    }
}
