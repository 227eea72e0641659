package io.staffsync.app.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code staffsync.operations.*}.
 *
 * @param maxProcessorLag how many events a processor (or the live feed) may trail the newest stored event
 *                        before health reports it {@code DEGRADED}
 */
@ConfigurationProperties("staffsync.operations")
public record OperationsProperties(@DefaultValue("1000") long maxProcessorLag) {
}
