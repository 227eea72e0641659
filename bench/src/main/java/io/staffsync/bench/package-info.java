/**
 * The bench: a load generator that drives the real server over STOMP-over-WebSocket and measures each figure
 * against a plain-JDBC baseline on the same PostgreSQL in the same run. {@link io.staffsync.bench.Bench} is the
 * entry point; each scenario is one class ({@link io.staffsync.bench.WriteScenario},
 * {@link io.staffsync.bench.CatchUpScenario}); {@link io.staffsync.bench.ReportWriter} renders the report.
 */
package io.staffsync.bench;
