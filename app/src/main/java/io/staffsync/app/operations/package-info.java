/**
 * What operators see: health that reflects the database, every event processor and the live feed, and
 * Micrometer meters exported for Prometheus.
 */
package io.staffsync.app.operations;
