/**
 * Operating the read models: rebuilding a projection from the whole event store by an Axon token reset, and
 * watching its progress ({@code /api/admin/projections}, role ADMIN).
 * <p>
 * A replay only re-runs the tracking processors' handlers. The live push to WebSocket subscribers reads the
 * event store itself ({@code io.staffsync.query.live.ChangeFeed}) and follows positions, not processors, so a
 * replay sends nothing to subscribers.
 */
package io.staffsync.query.admin;
