/**
 * Upcasters: how stored events of an older revision are read as the current records.
 * <p>
 * They live here, in {@code api}, because the event's history belongs next to the event, and because
 * {@code api} is the one module both sides depend on: the command side (aggregate loading, through the
 * event store) and the query side (tracking processors, and the live feed's own reader) must read old events
 * through the same chain. The classes are plain Axon and Jackson, no Spring: the application registers them
 * as beans, and every reader asks Axon's configuration for the chain.
 */
package io.staffsync.api.staff.event.upcasting;
