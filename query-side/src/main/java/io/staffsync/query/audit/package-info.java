/**
 * The auditors' read side, computed from the event store itself rather than from a read model: a staff
 * member's history, the global log (paged, NDJSON and CSV), time travel, and the tamper-evident hash chain
 * over every stored event (ADR 0005).
 */
package io.staffsync.query.audit;
