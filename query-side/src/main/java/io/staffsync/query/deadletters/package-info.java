/**
 * Operator access to Axon's dead-letter queues: events a projection could not apply, parked per staff member so
 * that everyone else's keep flowing, listed and retried under {@code /api/admin/dead-letters}.
 */
package io.staffsync.query.deadletters;
