package io.staffsync.command.intake;

import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.MergeTieBreak;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code staffsync.conflict.*}: how stale updates are settled.
 *
 * @param defaultStrategy   used when a command names none
 * @param allowedStrategies the strategies a client may name per command (others are rejected)
 * @param mergeTieBreak     which value a merge keeps for a scalar field both sides changed
 * @param pendingTimeout    how long a USER_CHOICE conflict waits for a person before its fallback decides
 * @param expiryFallback    the strategy that settles an expired conflict (FIRST_WRITER_WINS discards the edit)
 */
@ConfigurationProperties("staffsync.conflict")
public record ConflictProperties(
        @DefaultValue("FIRST_WRITER_WINS") ConflictStrategy defaultStrategy,
        @DefaultValue({"LAST_WRITER_WINS", "FIRST_WRITER_WINS", "MERGE_CHANGES", "USER_CHOICE"})
        Set<ConflictStrategy> allowedStrategies,
        @DefaultValue("KEEP_THEIRS") MergeTieBreak mergeTieBreak,
        @DefaultValue("10m") Duration pendingTimeout,
        @DefaultValue("FIRST_WRITER_WINS") ConflictStrategy expiryFallback) {

    public ConflictProperties {
        if (expiryFallback == ConflictStrategy.USER_CHOICE) {
            throw new IllegalArgumentException("staffsync.conflict.expiry-fallback cannot be USER_CHOICE");
        }
        allowedStrategies = allowedStrategies == null || allowedStrategies.isEmpty()
                ? EnumSet.noneOf(ConflictStrategy.class) : EnumSet.copyOf(allowedStrategies);
    }
}
