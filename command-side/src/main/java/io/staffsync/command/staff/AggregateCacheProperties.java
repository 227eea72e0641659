package io.staffsync.command.staff;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code staffsync.aggregate-cache.*}: staff members kept in memory between their commands.
 *
 * @param maxSize how many staff members stay loaded (least recently used ones leave first); 0 switches the cache
 *                off, so every command loads its staff member from the snapshot and events
 */
@ConfigurationProperties("staffsync.aggregate-cache")
public record AggregateCacheProperties(@DefaultValue("10000") long maxSize) {

    public AggregateCacheProperties {
        if (maxSize < 0) {
            throw new IllegalArgumentException("staffsync.aggregate-cache.max-size must not be negative, was " + maxSize);
        }
    }
}
