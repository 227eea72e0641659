package io.staffsync.command.staff;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code staffsync.snapshots.*}: snapshots of long staff member histories.
 *
 * @param threshold after how many events read or applied since the last snapshot (or since the start of the
 *                  history) a command that loaded the staff member stores a new snapshot
 */
@ConfigurationProperties("staffsync.snapshots")
public record SnapshotProperties(@DefaultValue("100") int threshold) {

    public SnapshotProperties {
        if (threshold < 1) {
            throw new IllegalArgumentException("staffsync.snapshots.threshold must be at least 1, was " + threshold);
        }
    }
}
