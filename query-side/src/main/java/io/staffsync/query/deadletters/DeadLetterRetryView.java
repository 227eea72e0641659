package io.staffsync.query.deadletters;

/**
 * The outcome of one retry pass over a processing group's dead letters.
 *
 * @param retried   sequences taken out of the queue and handed to the handlers again
 * @param succeeded of those, the ones whose every event was applied (and so left the queue)
 * @param remaining sequences still parked afterwards
 */
public record DeadLetterRetryView(String processingGroup, int retried, int succeeded, long remaining) {
}
