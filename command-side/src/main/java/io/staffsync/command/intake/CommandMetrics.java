package io.staffsync.command.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.wire.CommandReply;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Micrometer meters for command intake: {@code staffsync.commands} (a timer per command kind and reply
 * status: latency and throughput) and {@code staffsync.conflicts} (stale updates by strategy and outcome,
 * where the outcome is the set of field outcomes, e.g. {@code MERGED}, {@code MINE+THEIRS}, {@code REJECTED}) and
 * {@code staffsync.commands.retried} (commands sent again because this node's copy of the staff member was behind
 * the store: a steady rate means the nodes share the same staff members' writes).
 * Without a registry (plain unit tests) nothing is recorded.
 */
@Component
class CommandMetrics {

    private final MeterRegistry registry;

    CommandMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry.getIfAvailable();
    }

    void record(String kind, CommandReply reply, long startedNanos) {
        if (registry == null) {
            return;
        }
        Timer.builder("staffsync.commands")
                .description("Commands answered by the intake, by kind and reply status")
                .tag("kind", kind)
                .tag("status", reply.status().name())
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
        ConflictOutcome conflict = reply.conflict();
        if (conflict != null && conflict.strategy() != null) {
            Set<String> outcomes = new TreeSet<>();
            for (FieldConflict field : conflict.contested()) {
                outcomes.add(String.valueOf(field.outcome()));
            }
            Counter.builder("staffsync.conflicts")
                    .description("Stale updates settled by a conflict strategy, by strategy and field outcomes")
                    .tag("strategy", conflict.strategy().name())
                    .tag("outcome", outcomes.isEmpty() ? "NONE_CONTESTED" : String.join("+", outcomes))
                    .register(registry)
                    .increment();
        }
    }

    void retried() {
        if (registry != null) {
            Counter.builder("staffsync.commands.retried")
                    .description("Commands sent again because this node's cached staff member was behind the store")
                    .register(registry)
                    .increment();
        }
    }
}
