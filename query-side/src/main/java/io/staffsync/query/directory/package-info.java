/**
 * The staff directory read model: one row per staff member in {@code staff_directory}, maintained by a
 * tracking processor from the event store, and the queries that read it (Axon query handlers and HTTP).
 */
package io.staffsync.query.directory;
